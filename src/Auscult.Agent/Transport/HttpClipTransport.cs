using System.Net;
using System.Net.Http.Headers;

namespace Auscult.Agent.Transport;

/// <summary>
/// Posts clips to the service: <c>POST {server}/api/v1/machines/{machineId}/clips</c> with the WAV bytes
/// (<c>Content-Type: audio/wav</c>), <c>Authorization: Bearer KEY</c>, <c>X-Clip-Id</c>, <c>X-Recorded-At</c> and
/// <c>X-Machine-Type</c>.
/// </summary>
/// <remarks>
/// 2xx acknowledges a clip, and so does 409 (the service already stored this clip id). Other 4xx except 408 and 429
/// refuse it for good (a wrong key, a machine the key may not post for, audio the service cannot read): the agent logs,
/// counts and drops it rather than retrying forever. 5xx, 408, 429, timeouts and network errors are retried later,
/// after the <c>Retry-After</c> the service asked for when it gave one.
/// </remarks>
public sealed class HttpClipTransport : IClipTransport
{
    private readonly HttpClient _http;
    private readonly Uri _server;
    private readonly string _key;
    private readonly bool _ownsClient;

    /// <param name="server">The service's base URL, e.g. <c>http://127.0.0.1:5080</c>.</param>
    /// <param name="key">A device key.</param>
    /// <param name="timeout">How long one post may take; default 30 s.</param>
    /// <param name="handler">The HTTP handler (tests); null for the default.</param>
    public HttpClipTransport(string server, string key, TimeSpan? timeout = null, HttpMessageHandler? handler = null)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ConfigurationException($"--server '{server}' is not a URL: write http://HOST:PORT or https://HOST.");
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ConfigurationException("--key is required with --server: give the device key `auscult keys create --role device` printed.");
        }

        _server = uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
        _key = key;
        _ownsClient = true;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = timeout ?? TimeSpan.FromSeconds(30);
    }

    /// <inheritdoc/>
    public bool IsConnected => true;

    /// <inheritdoc/>
    public string Destination => _server.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <inheritdoc/>
    public Task ConnectAsync(AgentStatus onlineStatus, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public async Task<DeliveryOutcome> SendAsync(ClipMetadata clip, ReadOnlyMemory<byte> wav, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clip);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server, $"api/v1/machines/{Uri.EscapeDataString(clip.MachineId)}/clips"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _key);
        request.Headers.Add("X-Clip-Id", clip.ClipId.ToString());
        request.Headers.Add("X-Recorded-At", clip.RecordedAtText);
        request.Headers.Add("X-Machine-Type", clip.MachineType);
        request.Content = new ReadOnlyMemoryContent(wav);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            int code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Conflict)
            {
                return DeliveryOutcome.Acknowledged;
            }

            string body = await ReadSomeAsync(response, cancellationToken);
            string reason = $"{Destination} answered {code} {response.ReasonPhrase} for clip {clip.ClipId} of {clip.MachineId}{body}";
            if (code is >= 400 and < 500 && code is not (408 or 429))
            {
                return DeliveryOutcome.Reject(reason);
            }

            return DeliveryOutcome.Retry(reason, RetryAfter(response));
        }
        catch (HttpRequestException e)
        {
            return DeliveryOutcome.Retry($"cannot reach {Destination}: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryOutcome.Retry($"{Destination} did not answer within {_http.Timeout.TotalSeconds:0} s");
        }
    }

    /// <inheritdoc/>
    public Task PublishStatusAsync(AgentStatus status, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task DisconnectAsync(AgentStatus finalStatus, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        if (_ownsClient)
        {
            _http.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : null,
        _ => null,
    };

    /// <summary>The start of the answer's body (problem details name the problem), on one line.</summary>
    private static async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        text = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return text.Length == 0 ? "" : ": " + (text.Length > 300 ? text[..300] + "..." : text);
    }
}
