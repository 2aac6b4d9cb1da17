using System.Net;
using System.Text;
using System.Text.Json;
using Auscult.Server.Alerts;
using Auscult.Server.Alerts.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Auscult.Server.Tests.Alerts.Webhooks;

public sealed class WebhookNotifierTests : IAsyncDisposable
{
    private const string Secret = "s3cret-for-the-screen-0123";

    // A guard against a hang, not a timing assertion: every wait below completes as soon as its condition holds.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private static readonly Uri Receiver = new("https://screens.example/auscult");

    private readonly AlertScript _run = new();
    private readonly InMemoryWebhookDeliveryLog _log = new();
    private WebhookNotifier? _notifier;

    public async ValueTask DisposeAsync()
    {
        if (_notifier is not null)
        {
            await _notifier.StopAsync(CancellationToken.None);
            _notifier.Dispose();
        }
    }

    [Fact]
    public async Task AnEvent_IsPostedWithASignatureThatVerifies()
    {
        var handler = new ScriptedHandler(HttpStatusCode.NoContent);
        await StartAsync(handler, new WebhookOptions { PublicBaseUrl = new Uri("https://auscult.example/") });

        var outcome = _run.Run("AA");
        Assert.Equal(1, _notifier!.Publish(outcome));
        await _log.WaitForCountAsync(1).WaitAsync(Guard);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(Receiver, request.Url);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Equal("alert.opened", request.Headers[WebhookSignature.EventTypeHeader]);
        string timestamp = request.Headers[WebhookSignature.TimestampHeader];
        string signature = request.Headers[WebhookSignature.SignatureHeader];
        Assert.Equal(_run.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(), timestamp);
        Assert.StartsWith("sha256=", signature);
        Assert.True(WebhookSignature.Verify(Secret, timestamp, signature, request.Body, _run.Clock.GetUtcNow()));

        // Any change to the body, the timestamp or the secret breaks it; an old request is refused as a replay.
        byte[] tampered = [.. request.Body];
        tampered[^2] ^= 1;
        Assert.False(WebhookSignature.Verify(Secret, timestamp, signature, tampered, _run.Clock.GetUtcNow()));
        Assert.False(WebhookSignature.Verify(Secret, (long.Parse(timestamp) + 1).ToString(), signature, request.Body, _run.Clock.GetUtcNow()));
        Assert.False(WebhookSignature.Verify("another-secret-0123456", timestamp, signature, request.Body, _run.Clock.GetUtcNow()));
        Assert.False(WebhookSignature.Verify(Secret, timestamp, signature, request.Body, _run.Clock.GetUtcNow().AddMinutes(6)));

        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        var alert = outcome.Changes[0].Alert;
        Assert.Equal("alert.opened", root.GetProperty("type").GetString());
        Assert.Equal(request.Headers[WebhookSignature.EventIdHeader], root.GetProperty("id").GetString());
        Assert.Equal("fan-01", root.GetProperty("machineId").GetString());
        Assert.Equal(alert.Id, root.GetProperty("alertId").GetString());
        Assert.Equal("anomaly", root.GetProperty("kind").GetString());
        Assert.Equal("warning", root.GetProperty("severity").GetString());
        Assert.Equal("open", root.GetProperty("state").GetString());
        Assert.Equal(alert.Reason, root.GetProperty("reason").GetString());
        Assert.Equal(alert.OpenedAt, root.GetProperty("openedAt").GetDateTimeOffset());
        Assert.Equal($"https://auscult.example/api/v1/alerts/{alert.Id}", root.GetProperty("links").GetProperty("alert").GetString());
        Assert.Equal("https://auscult.example/api/v1/machines/fan-01", root.GetProperty("links").GetProperty("machine").GetString());

        var attempt = Assert.Single(_log.Attempts);
        Assert.Equal((1, WebhookDeliveryOutcome.Delivered, 204, null), (attempt.Attempt, attempt.Outcome, attempt.StatusCode, attempt.Error));
    }

    [Fact]
    public void TheSignature_IsTheHmacOfTimestampDotBody()
    {
        // Python: hmac.new(b"key-0123456789abcdef", b"1767600000.{}", hashlib.sha256).hexdigest()
        Assert.Equal("sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
                Encoding.UTF8.GetBytes("key-0123456789abcdef"), Encoding.ASCII.GetBytes("1767600000.{}"))),
            WebhookSignature.Compute("key-0123456789abcdef", 1767600000, "{}"u8));
    }

    [Fact]
    public async Task AFailingReceiver_IsRetriedWithBackoff_ThenGivenUp_AndEveryAttemptIsLogged()
    {
        var handler = new ScriptedHandler(HttpStatusCode.ServiceUnavailable);
        var options = new WebhookOptions { MaxAttempts = 4, FirstRetryDelay = TimeSpan.FromSeconds(2), MaxRetryDelay = TimeSpan.FromSeconds(5) };
        await StartAsync(handler, options);

        _notifier!.Publish(_run.Run("AA"));
        for (int n = 1; n < 4; n++)
        {
            await _log.WaitForCountAsync(n).WaitAsync(Guard);
            _run.Clock.Advance(options.MaxRetryDelay);
        }

        await _log.WaitForCountAsync(4).WaitAsync(Guard);
        var attempts = _log.Attempts;
        Assert.Equal([1, 2, 3, 4], attempts.Select(a => a.Attempt));
        Assert.Equal([WebhookDeliveryOutcome.Retrying, WebhookDeliveryOutcome.Retrying, WebhookDeliveryOutcome.Retrying, WebhookDeliveryOutcome.Failed],
            attempts.Select(a => a.Outcome));
        Assert.All(attempts, a => Assert.Equal(503, a.StatusCode));
        Assert.All(attempts, a => Assert.Equal("the receiver answered 503 Service Unavailable", a.Error));
        Assert.Single(attempts.Select(a => a.EventId).Distinct());
        Assert.Equal(4, handler.Requests.Count);
        Assert.Single(handler.Requests.Select(r => r.Headers[WebhookSignature.EventIdHeader]).Distinct());
        Assert.Null(attempts[^1].NextAttemptAt);

        // Waits double from 2 s, capped at 5 s, each scaled by a jitter in [0.5, 1].
        double[] full = [2, 4, 5];
        for (int i = 0; i < 3; i++)
        {
            double wait = (attempts[i].NextAttemptAt!.Value - attempts[i].StartedAt).TotalSeconds;
            Assert.InRange(wait, full[i] / 2, full[i]);
        }
    }

    [Fact]
    public async Task AReceiverThatRecovers_GetsTheEvent()
    {
        var handler = new ScriptedHandler(HttpStatusCode.InternalServerError, HttpStatusCode.OK);
        await StartAsync(handler, new WebhookOptions());

        _notifier!.Publish(_run.Run("AA"));
        await _log.WaitForCountAsync(1).WaitAsync(Guard);
        _run.Clock.Advance(TimeSpan.FromSeconds(2));
        await _log.WaitForCountAsync(2).WaitAsync(Guard);

        Assert.Equal([WebhookDeliveryOutcome.Retrying, WebhookDeliveryOutcome.Delivered], _log.Attempts.Select(a => a.Outcome));
    }

    [Fact]
    public async Task ARefusal_IsNotRetried()
    {
        var handler = new ScriptedHandler(HttpStatusCode.BadRequest);
        await StartAsync(handler, new WebhookOptions());

        _notifier!.Publish(_run.Run("AA"));
        await _log.WaitForCountAsync(1).WaitAsync(Guard);

        var attempt = Assert.Single(_log.Attempts);
        Assert.Equal((WebhookDeliveryOutcome.Failed, 400), (attempt.Outcome, attempt.StatusCode));
    }

    [Fact]
    public async Task AReceiverThatDoesNotAnswer_TimesOut_AndIsRetried()
    {
        var handler = new ScriptedHandler(async (n, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        await StartAsync(handler, new WebhookOptions { AttemptTimeout = TimeSpan.FromSeconds(10) });

        _notifier!.Publish(_run.Run("AA"));
        await handler.Entered.Task.WaitAsync(Guard);
        _run.Clock.Advance(TimeSpan.FromSeconds(10));
        await _log.WaitForCountAsync(1).WaitAsync(Guard);

        var attempt = Assert.Single(_log.Attempts);
        Assert.Equal((WebhookDeliveryOutcome.Retrying, "no answer within 10 s"), (attempt.Outcome, attempt.Error));
        Assert.Equal(TimeSpan.FromSeconds(10), attempt.Duration);
    }

    [Fact]
    public async Task ASlowReceiver_DoesNotBlockScoring_AndAFullQueueDropsTheOldest()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new ScriptedHandler(async (n, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        await StartAsync(handler, new WebhookOptions { QueueCapacity = 2 });

        // The clips come faster than the attempt timeout, so the receiver is simply slow: the fake clock stands still.
        _run.Interval = TimeSpan.Zero;

        // The first notification is taken by the worker and hangs in the receiver.
        _notifier!.Publish(_run.Run("AA"));
        await handler.Entered.Task.WaitAsync(Guard);

        // Meanwhile clips keep being observed and their notifications queued, without waiting: 4 more notifications
        // (cleared, opened, cleared, opened) for a queue of 2.
        int published = 0;
        foreach (char c in "NNNAANNNAA")
        {
            published += _notifier.Publish(_run.Run(c.ToString()));
        }

        Assert.Equal(4, published);
        Assert.Equal(2, _notifier.QueuedCount);
        Assert.Equal(2, _notifier.DroppedCount);
        Assert.Equal(MachineState.Warning, _run.State.State);

        // Once the receiver answers, the two newest notifications follow, in order.
        release.SetResult();
        await _log.WaitForCountAsync(3).WaitAsync(Guard);
        Assert.Equal(["alert.opened", "alert.cleared", "alert.opened"], _log.Attempts.Select(a => a.EventType));
        Assert.All(_log.Attempts, a => Assert.Equal(WebhookDeliveryOutcome.Delivered, a.Outcome));
    }

    [Fact]
    public async Task QuietChanges_GoOnlyToReceiversOfAllChanges()
    {
        var quiet = new ScriptedHandler(HttpStatusCode.OK);
        var options = new WebhookOptions
        {
            Endpoints =
            [
                new WebhookEndpoint { Url = Receiver, Secret = Secret },
                new WebhookEndpoint { Url = new Uri("https://mirror.example/"), Secret = Secret, AllChanges = true },
            ],
        };
        _notifier = new WebhookNotifier(options, quiet, _log, _run.Clock, NullLogger<WebhookNotifier>.Instance);

        Assert.Equal(2, _notifier.Publish(_run.Run("AA")));
        Assert.Equal(1, _notifier.Publish(_run.Run("A")));
        Assert.Equal(AlertChangeType.Updated, _run.Changes[^1].Type);
    }

    [Fact]
    public void WithoutReceivers_NothingIsQueued()
    {
        _notifier = new WebhookNotifier(new WebhookOptions(), new ScriptedHandler(HttpStatusCode.OK), _log, _run.Clock, NullLogger<WebhookNotifier>.Instance);
        Assert.Equal(0, _notifier.Publish(_run.Run("AA")));
    }

    [Theory]
    [InlineData("https://screens.example/", "short", "needs a secret of at least 16 characters")]
    [InlineData("ftp://screens.example/", Secret, "must be an absolute http or https URL")]
    public void AnUnusableReceiver_IsRefused(string url, string secret, string message)
    {
        var options = new WebhookOptions { Endpoints = [new WebhookEndpoint { Url = new Uri(url), Secret = secret }] };
        var e = Assert.Throws<ConfigurationException>(() => options.Validate());
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void RetryOptionsOutOfRange_AreRefused()
    {
        var e = Assert.Throws<ConfigurationException>(() => new WebhookOptions { MaxAttempts = 0 }.Validate());
        Assert.Equal("Webhooks: MaxAttempts is 0; it must lie in [1, 20].", e.Message);
        Assert.Throws<ConfigurationException>(() => new WebhookOptions { MaxRetryDelay = TimeSpan.FromSeconds(1) }.Validate());
    }

    private async Task StartAsync(ScriptedHandler handler, WebhookOptions options)
    {
        if (options.Endpoints.Count == 0)
        {
            options = options with { Endpoints = [new WebhookEndpoint { Url = Receiver, Secret = Secret }] };
        }

        _notifier = new WebhookNotifier(options, handler, _log, _run.Clock, NullLogger<WebhookNotifier>.Instance, new Random(1));
        await _notifier.StartAsync(CancellationToken.None);
    }
}
