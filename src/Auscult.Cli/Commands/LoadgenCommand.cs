using System.CommandLine;
using Auscult.Agent;
using Auscult.Agent.Load;
using Auscult.Data.Synthesis;
using Auscult.Server.Storage;

namespace Auscult.Cli.Commands;

/// <summary>
/// <c>auscult loadgen</c>: simulated devices send synthetic clips to the service (HTTP) or to the broker its instances
/// share (MQTT), then optionally check the database; prints one JSON object. Exit 3 when a clip was lost, refused or
/// stored twice.
/// </summary>
internal static class LoadgenCommand
{
    public static Command Create()
    {
        var server = new Option<string?>("--server") { Description = "The service's URL: clips are posted over HTTP, e.g. http://127.0.0.1:5080." };
        var broker = new Option<string?>("--broker") { Description = "An MQTT 5 broker (mqtt://HOST:PORT): clips are published as agents publish them." };
        var key = new Option<string?>("--key") { Description = "An admin key, or a device key for the run's machines, for --server (or set AUSCULT_KEY)." };
        var username = new Option<string?>("--username") { Description = "The broker user." };
        var password = new Option<string?>("--password") { Description = "The broker password (or set AUSCULT_MQTT_PASSWORD)." };
        var site = new Option<string?>("--site") { Description = "The site of the MQTT topics [default: default]" };
        var devices = new Option<int>("--devices") { Description = "Simulated devices, each with its own connection.", DefaultValueFactory = _ => 8 };
        var count = new Option<int>("--count") { Description = "Clips to send over all devices.", DefaultValueFactory = _ => 1000 };
        var rate = new Option<double?>("--rate") { Description = "Clips per second over all devices, on a fixed schedule (latency counts from each clip's due time) [default: as fast as answered]" };
        var machinesPerDevice = new Option<int>("--machines-per-device") { Description = "Machines behind each device, sent clips in turn.", DefaultValueFactory = _ => 1 };
        var machineType = CliOptions.Choice("--machine-type", "The machines' type (the active model's type).", MachineType.Fan,
            ("fan", MachineType.Fan), ("pump", MachineType.Pump), ("slider", MachineType.Slider), ("valve", MachineType.Valve));
        var prefix = new Option<string>("--prefix") { Description = "Devices are PREFIX-d001, machines PREFIX-d001-m01.", DefaultValueFactory = _ => "load" };
        var duration = new Option<string>("--duration") { Description = "Length of each synthetic clip.", DefaultValueFactory = _ => "10s" };
        var check = new Option<string?>("--check") { Description = "A PostgreSQL connection string: afterwards, count each clip id's stored clips and scores." };
        var anomalous = new Option<double>("--anomalous")
        {
            Description = "Share of rounds (each machine's next clip) sent anomalous, 0 to 1, in runs of tens: alerts open, escalate and clear [default: 0]",
        };
        var checkWait = new Option<string>("--check-wait")
        {
            Description = "With --check over MQTT: wait up to this long for every acknowledged clip to be stored before counting the missing ones lost.",
            DefaultValueFactory = _ => "60s",
        };
        var retries = new Option<int>("--retries") { Description = "Further attempts of a clip the receiver asks to retry (same clip id; backoff 0.1 s doubling to 6.4 s).", DefaultValueFactory = _ => 3 };
        var data = new Option<string?>("--data") { Description = "A service's data folder (SQLite): the same check on its database." };
        var command = new Command("loadgen",
            "Load the service: simulated devices send synthetic clips over HTTP or MQTT; prints sent, stored, duplicated, lost, clips per second and latency as JSON.")
        {
            server, broker, key, username, password, site, devices, count, rate, machinesPerDevice, machineType, prefix, duration, anomalous, check, checkWait, retries, data,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new LoadOptions
            {
                Devices = parse.GetValue(devices),
                Count = parse.GetValue(count),
                Rate = parse.GetValue(rate),
                MachinesPerDevice = parse.GetValue(machinesPerDevice),
                MachineType = parse.GetValue(machineType),
                Prefix = parse.GetRequiredValue(prefix),
                ClipDuration = DurationText.Parse(parse.GetRequiredValue(duration), "--duration"),
                CheckWait = DurationText.Parse(parse.GetRequiredValue(checkWait), "--check-wait"),
                Retries = parse.GetValue(retries),
                AnomalousShare = parse.GetValue(anomalous),
            };
            options.Validate();
            if (parse.GetValue(check) is not null && parse.GetValue(data) is not null)
            {
                throw new ConfigurationException("give one database to check: --check CONNECTION (PostgreSQL) or --data DIR (SQLite).");
            }

            var settings = new AgentSettings
            {
                Server = parse.GetValue(server),
                Broker = parse.GetValue(broker),
                Key = parse.GetValue(key) ?? (parse.GetValue(server) is null ? null : Environment.GetEnvironmentVariable("AUSCULT_KEY")),
                Username = parse.GetValue(username),
                Password = parse.GetValue(password) ?? (parse.GetValue(broker) is null ? null : Environment.GetEnvironmentVariable("AUSCULT_MQTT_PASSWORD")),
            };
            string siteName = parse.GetValue(site) ?? "default";
            // Made once here so a bad destination is reported before the clips are synthesised.
            await AgentRunner.CreateTransport(settings, options.DeviceId(0), siteName).DisposeAsync();

            await using var database = OpenForCheck(parse.GetValue(check), parse.GetValue(data));
            var pool = await Task.Run(() => LoadClipPool.Create(options, cancellationToken), cancellationToken);
            var generator = new LoadGenerator(options, d => AgentRunner.CreateTransport(settings, options.DeviceId(d), siteName),
                acknowledgementIsStoredScore: settings.Server is not null);
            var report = await generator.RunAsync(pool, database is null ? null : new DatabaseCheck(database), cancellationToken);
            CliJson.Write(parse.InvocationConfiguration.Output, report);
            return report.Errors == 0 && report.Lost is null or 0 && report.Duplicated is null or 0 ? ExitCodes.Success : ExitCodes.NotDelivered;
        });
        return command;
    }

    private static AuscultDatabase? OpenForCheck(string? connection, string? data)
    {
        if (data is not null && !File.Exists(Path.Combine(data, AuscultDatabase.SqliteFileName)))
        {
            throw new ConfigurationException($"{data}: there is no service database ({AuscultDatabase.SqliteFileName}) to check in this folder.");
        }

        return connection is not null ? AuscultDatabase.Open(Path.GetTempPath(), connection) : data is not null ? AuscultDatabase.Open(data, null) : null;
    }

    /// <summary>The run's check against the service's database.</summary>
    private sealed class DatabaseCheck(AuscultDatabase database) : IStoredClipReader
    {
        public async Task<IReadOnlyList<StoredClip>> ReadAsync(IReadOnlyList<string> machineIds, CancellationToken cancellationToken)
        {
            var counts = await new StoredClipCounts(database).ReadAsync(machineIds, cancellationToken);
            // Clip ids that are not a loadgen's (e.g. an agent's on the same machine ids) cannot be the run's: skipped.
            return [.. counts.Where(c => Guid.TryParse(c.ClientClipId, out _))
                .Select(c => new StoredClip(Guid.Parse(c.ClientClipId), c.Clips, c.Scores, c.FirstScoredAt, c.ScoredBy))];
        }
    }
}
