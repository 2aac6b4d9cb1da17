using System.Collections.Concurrent;
using System.Net;

namespace Auscult.Server.Tests.Alerts.Webhooks;

/// <summary>A fake receiver: records each request (headers and exact body) and answers as the test says.</summary>
internal sealed class ScriptedHandler : HttpMessageHandler, IHttpClientFactory
{
    private readonly Func<int, CancellationToken, Task<HttpResponseMessage>> _respond;

    public ScriptedHandler(Func<int, CancellationToken, Task<HttpResponseMessage>> respond) => _respond = respond;

    public ScriptedHandler(params HttpStatusCode[] answers)
        : this((n, _) => Task.FromResult(new HttpResponseMessage(answers[Math.Min(n, answers.Length - 1)])))
    {
    }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>Completes when a request has arrived.</summary>
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        byte[] body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.Concat(request.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        int n = Requests.Count;
        Requests.Enqueue(new ReceivedRequest(request.RequestUri!, headers, body));
        Entered.TrySetResult();
        return await _respond(n, cancellationToken);
    }

    internal sealed record ReceivedRequest(Uri Url, IReadOnlyDictionary<string, string> Headers, byte[] Body);
}
