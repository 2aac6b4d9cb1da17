using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Auscult.Agent;
using Auscult.Agent.Tests.TestSupport;
using Auscult.Server.Mqtt;
using Auscult.Server.Tests.TestSupport;
using Auscult.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Auscult.Server.Tests.Mqtt;

/// <summary>
/// deploy/mosquitto/mosquitto.conf and auscult.acl as shipped (only their paths and ports rewritten to a temp folder, and
/// a test certificate authority): the agent and the service both connect over TLS with passwords, and a clip goes
/// through the ACL to the service.
/// </summary>
public sealed class ProductionBrokerTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private Mosquitto? _broker;
    private LiveService? _service;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        _temp.Dispose();
    }

    private static string RepositoryFile(string relative)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Auscult.slnx")))
            {
                return Path.Combine(folder.FullName, relative);
            }
        }

        throw new FileNotFoundException($"{relative}: the repository root (Auscult.slnx) is not above {AppContext.BaseDirectory}.");
    }

    /// <summary>A CA and a broker certificate for localhost signed by it (PEM files); returns the CA's file.</summary>
    private string Certificates(string folder)
    {
        Directory.CreateDirectory(folder);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Auscult test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using var brokerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", brokerKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var broker = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), [1, 2, 3, 4, 5, 6, 7, 8]);

        File.WriteAllText(Path.Combine(folder, "ca.crt"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "broker.crt"), broker.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "broker.key"), brokerKey.ExportPkcs8PrivateKeyPem());
        return Path.Combine(folder, "ca.crt");
    }

    [MosquittoFact]
    public async Task TheShippedConfiguration_CarriesAClipOverTls_ThroughItsAcl()
    {
        string folder = _temp.Combine("broker");
        string ca = Certificates(Path.Combine(folder, "certs"));
        string passwords = await Mosquitto.PasswordFileAsync(folder, [("auscult", "service-secret"), ("edge-01", "device-secret"), ("screen", "screen-secret")]);
        File.Copy(RepositoryFile("deploy/mosquitto/auscult.acl"), Path.Combine(folder, "acl"));
        string shipped = File.ReadAllText(RepositoryFile("deploy/mosquitto/mosquitto.conf"));
        int plainPort = LoopbackHttp.FreePort();
        _broker = await Mosquitto.StartConfiguredAsync(folder, port => shipped
            .Replace("listener 8883", $"listener {port}", StringComparison.Ordinal)
            .Replace("listener 1883 127.0.0.1", $"listener {plainPort} 127.0.0.1", StringComparison.Ordinal)
            .Replace("/etc/mosquitto/certs/", Path.Combine(folder, "certs") + "/", StringComparison.Ordinal)
            .Replace("/etc/mosquitto/auscult.passwd", passwords, StringComparison.Ordinal)
            .Replace("/etc/mosquitto/auscult.acl", Path.Combine(folder, "acl"), StringComparison.Ordinal)
            .Replace("/var/lib/mosquitto/", Path.Combine(folder, "data") + "/", StringComparison.Ordinal)
            .Replace("log_dest syslog", $"log_dest file {Path.Combine(folder, "mosquitto.log")}", StringComparison.Ordinal)
            + (Environment.UserName == "root" ? "\nuser root\n" : "\n"));
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        string url = $"mqtts://localhost:{_broker.Port}";
        _service = await LiveService.StartAsync(_temp.Combine("data"), new Dictionary<string, string>
        {
            ["Auscult:Mqtt:Broker"] = url,
            ["Auscult:Mqtt:CaFile"] = ca,
            ["Auscult:Mqtt:Username"] = "auscult",
            ["Auscult:Mqtt:Password"] = "service-secret",
            ["Auscult:Mqtt:ClientId"] = "auscult-tls",
            ["Auscult:Mqtt:ReconnectInitial"] = "00:00:00.100",
            ["Auscult:Mqtt:ReconnectMaximum"] = "00:00:00.500",
        });
        // The agent as shipped: edge-01 may publish fan-01 (in the ACL); its clips travel over TLS.
        string dataset = _temp.Combine("dataset");
        Directory.CreateDirectory(Path.Combine(dataset, "fan", "id_01", "normal"));
        for (int n = 0; n < 3; n++)
        {
            File.WriteAllBytes(Path.Combine(dataset, "fan", "id_01", "normal", $"{n:00000000}.wav"), TestAudio.NormalWav(n));
        }

        var log = new StringWriter();
        var result = await AgentRunner.RunAsync(new AgentSettings
        {
            ReplayFolder = dataset,
            Count = 3,
            Rate = 50,
            Broker = url,
            CaFile = ca,
            Username = "edge-01",
            Password = "device-secret",
            Site = "plant",
            DeviceId = "edge-01",
            SpoolFolder = _temp.Combine("spool"),
            DurableSpool = false,
            BackoffInitial = TimeSpan.FromMilliseconds(100),
            BackoffMaximum = TimeSpan.FromMilliseconds(400),
        }, log, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(result.Complete, log.ToString());
        await Eventually.TrueAsync(() => _service.Services.GetRequiredService<MqttClipConsumer>().IsConnected, $"the service is connected over TLS: {_broker.Log}");
        await Eventually.TrueAsync(async () => (await _service.CountsAsync()).Clips == 3, "3 clips stored");
    }
}
