using System.Collections.Concurrent;
using System.Net;

namespace Auscult.Agent.Tests.TestSupport;

/// <summary>
/// A tiny HTTP server on a free loopback port standing in for the service: records every request and answers with
/// what <see cref="Answer"/> decides.
/// </summary>
internal sealed class ClipListener : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;

    public ClipListener()
    {
        (_listener, Port) = LoopbackHttp.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>Status code (and optional Retry-After seconds) for a request; default 200.</summary>
    public Func<Received, (int Status, int? RetryAfterSeconds)> Answer { get; set; } = _ => (200, null);

    public sealed record Received(string Method, string Path, string? ContentType, string? Authorization, string? ClipId,
        string? RecordedAt, string? MachineType, byte[] Body);


    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                var request = context.Request;
                var received = new Received(request.HttpMethod, request.Url!.AbsolutePath, request.ContentType, request.Headers["Authorization"],
                    request.Headers["X-Clip-Id"], request.Headers["X-Recorded-At"], request.Headers["X-Machine-Type"], body.ToArray());
                Requests.Enqueue(received);
                var (status, retryAfter) = Answer(received);
                context.Response.StatusCode = status;
                if (retryAfter is { } seconds)
                {
                    context.Response.Headers["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                byte[] answer = System.Text.Encoding.UTF8.GetBytes(status >= 400 ? $"{{\"title\":\"answer {status}\"}}" : "{}");
                context.Response.ContentType = status >= 400 ? "application/problem+json" : "application/json";
                await context.Response.OutputStream.WriteAsync(answer);
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
            {
                // The test is over and the listener stopping while an answer is still being closed: the client has it.
            }
        }
    }

    public void Dispose()
    {
        // Close alone: the managed HttpListener's Close after Stop looks its endpoint up again and can try to bind the
        // port anew ("Address already in use" when another listener took it meanwhile).
        try
        {
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // Nothing left to release.
        }

        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
