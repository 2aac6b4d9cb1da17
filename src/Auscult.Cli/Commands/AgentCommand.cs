using System.CommandLine;
using Auscult.Agent;

namespace Auscult.Cli.Commands;

/// <summary>
/// <c>auscult agent</c>: the edge agent. Records machines (a sound card through arecord, a folder a recorder fills, or a
/// replayed data set), spools every clip on disk and delivers it over MQTT 5 or HTTP.
/// </summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var replay = new Option<string?>("--replay") { Description = "Replay a data set folder (e.g. `auscult synth` output); machine ids become <type>-<id>." };
        var watch = new Option<string?>("--watch") { Description = "Send each complete WAV file a recorder writes into this folder (then moved into its sent/ subfolder)." };
        var alsa = new Option<string?>("--alsa-device") { Description = "Record this ALSA device with arecord (e.g. default, hw:1,0)." };
        var config = new Option<string?>("--config") { Description = "A JSON file naming several machines, sound cards and folders on this device." };
        var machineId = new Option<string?>("--machine-id") { Description = "The machine of --watch or --alsa-device, e.g. fan-01." };
        var machineType = new Option<string?>("--machine-type") { Description = "Its type, e.g. fan." };
        var sampleRate = new Option<int>("--sample-rate") { Description = "Sound card frames per second (Hz).", DefaultValueFactory = _ => 16000 };
        var channels = new Option<int>("--channels") { Description = "Sound card channels.", DefaultValueFactory = _ => 1 };
        var duration = new Option<string>("--duration") { Description = "Length of each clip.", DefaultValueFactory = _ => "10s" };
        var every = new Option<string>("--every") { Description = "One clip per machine this often (a replay stamps its clips on this clock).", DefaultValueFactory = _ => "5m" };
        var count = new Option<int?>("--count") { Description = "Stop once this many clips are captured and acknowledged; exit 3 if any was dropped or rejected." };
        var rate = new Option<double>("--rate") { Description = "Replay speed in clips per second (all machines together).", DefaultValueFactory = _ => 1 };
        var spool = new Option<string>("--spool") { Description = "The spool folder: clips wait here until acknowledged.", DefaultValueFactory = _ => "auscult-spool" };
        var spoolLimit = new Option<string>("--spool-limit") { Description = "The spool's size; when full the oldest clips are dropped and counted.", DefaultValueFactory = _ => "1GiB" };
        var broker = new Option<string?>("--broker") { Description = "An MQTT 5 broker: mqtt://HOST:PORT or mqtts://HOST:PORT." };
        var username = new Option<string?>("--username") { Description = "The broker user." };
        var password = new Option<string?>("--password") { Description = "The broker password (or set AUSCULT_MQTT_PASSWORD)." };
        var caFile = new Option<string?>("--ca-file") { Description = "A PEM certificate authority for an mqtts:// broker." };
        var site = new Option<string?>("--site") { Description = "The site: topics are auscult/v1/{site}/... [default: default]" };
        var server = new Option<string?>("--server") { Description = "The Auscult service's URL, for HTTP delivery instead of MQTT." };
        var key = new Option<string?>("--key") { Description = "The device key for --server (or set AUSCULT_KEY)." };
        var model = new Option<string?>("--model") { Description = "Score each clip on this device with an autoencoder bundle: publish every score, and the audio only of anomalous, input-unfit and sampled normal clips (needs --broker)." };
        var normalAudioEvery = new Option<string>("--normal-audio-every") { Description = "With --model: send one normal clip's audio per machine this often (recording time), or 'never'.", DefaultValueFactory = _ => "1h" };
        var deviceId = new Option<string?>("--device-id") { Description = "This device's id (MQTT client id and status topic) [default: the host name]" };
        var command = new Command("agent", "Run the edge agent: record machines, spool every clip on disk and deliver it to an MQTT broker or the service.")
        {
            replay, watch, alsa, config, machineId, machineType, sampleRate, channels, duration, every, count, rate,
            spool, spoolLimit, broker, username, password, caFile, site, server, key, deviceId, model, normalAudioEvery,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new AgentSettings
            {
                ReplayFolder = parse.GetValue(replay),
                WatchFolder = parse.GetValue(watch),
                AlsaDevice = parse.GetValue(alsa),
                ConfigFile = parse.GetValue(config),
                MachineId = parse.GetValue(machineId),
                MachineType = parse.GetValue(machineType),
                SampleRate = parse.GetValue(sampleRate),
                Channels = parse.GetValue(channels),
                Duration = DurationText.Parse(parse.GetRequiredValue(duration), "--duration"),
                Every = DurationText.Parse(parse.GetRequiredValue(every), "--every"),
                Count = parse.GetValue(count),
                Rate = parse.GetValue(rate),
                SpoolFolder = parse.GetRequiredValue(spool),
                SpoolLimitBytes = SizeText.Parse(parse.GetRequiredValue(spoolLimit), "--spool-limit"),
                Broker = parse.GetValue(broker),
                Username = parse.GetValue(username),
                Password = parse.GetValue(password) ?? (parse.GetValue(broker) is null ? null : Environment.GetEnvironmentVariable("AUSCULT_MQTT_PASSWORD")),
                CaFile = parse.GetValue(caFile),
                Site = parse.GetValue(site),
                Server = parse.GetValue(server),
                Key = parse.GetValue(key) ?? (parse.GetValue(server) is null ? null : Environment.GetEnvironmentVariable("AUSCULT_KEY")),
                DeviceId = parse.GetValue(deviceId),
                ModelPath = parse.GetValue(model),
                NormalAudioEvery = parse.GetRequiredValue(normalAudioEvery) is "never"
                    ? null
                    : DurationText.Parse(parse.GetRequiredValue(normalAudioEvery), "--normal-audio-every"),
            };
            CliOptions.RefuseUnless(parse, settings.ModelPath is not null, "without --model", normalAudioEvery);
            CliOptions.RefuseUnless(parse, settings.ReplayFolder is not null, "without --replay", rate);
            CliOptions.RefuseUnless(parse, settings.AlsaDevice is not null, "without --alsa-device (a configuration file gives each sound card's own)", sampleRate, channels, duration);
            var result = await AgentRunner.RunAsync(settings, parse.InvocationConfiguration.Output, cancellationToken);
            return result.Complete ? ExitCodes.Success : ExitCodes.NotDelivered;
        });
        return command;
    }
}
