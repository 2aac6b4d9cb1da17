using System.Collections.Concurrent;
using System.Net;
using Auscult.Agent.Tests.TestSupport;

namespace Auscult.Server.Tests.TestSupport;

/// <summary>
/// A stand-in webhook receiver on a free loopback port: records every request (headers and body) and answers with the
/// status <see cref="Answer"/> gives (200 by default).
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;

    public WebhookReceiver()
    {
        (_listener, Port) = LoopbackHttp.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hooks/auscult";

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The status for the n-th request (1-based).</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    public sealed record Received(IReadOnlyDictionary<string, string?> Headers, byte[] Body);


    private async Task LoopAsync()
    {
        int count = 0;
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

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k], StringComparer.OrdinalIgnoreCase);
            Requests.Enqueue(new Received(headers, body.ToArray()));
            context.Response.StatusCode = Answer(Interlocked.Increment(ref count));
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Closing the listener ends the loop with an exception on some platforms.
        }
    }
}
