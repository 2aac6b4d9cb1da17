using System.Net;
using System.Net.Sockets;

namespace Auscult.Agent.Tests.TestSupport;

/// <summary>Loopback ports and listeners for the tests' stand-in HTTP servers (linked into the server tests too).</summary>
internal static class LoopbackHttp
{
    /// <summary>A port that was free a moment ago (another process may take it before it is bound).</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>
    /// A started listener on a free loopback port. A probed port can be taken by another test process before the bind
    /// (it happened in CI: "Address already in use"); the bind is the only reliable check, so a taken port is retried.
    /// </summary>
    public static (HttpListener Listener, int Port) Start()
    {
        for (int attempt = 1; ; attempt++)
        {
            int port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return (listener, port);
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                listener.Close();
            }
        }
    }
}
