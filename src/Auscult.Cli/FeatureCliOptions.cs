using System.CommandLine;
using Auscult.Audio;
using Auscult.Dsp;
using Auscult.Features;

namespace Auscult.Cli;

/// <summary>The feature options every command that computes features accepts, mapped onto <see cref="FeatureOptions"/>.</summary>
internal sealed class FeatureCliOptions
{
    public Option<string> Channel { get; } = new("--channel")
    {
        Description = "Channel feeding the features: an index (the baselines use 0) or 'mean'.",
        HelpName = "N|mean",
        DefaultValueFactory = _ => "0",
    };

    public Option<int> MelBands { get; } = new("--mel-bands")
    {
        Description = "Number of mel bands (librosa n_mels).",
        DefaultValueFactory = _ => FeatureOptions.Dcase2020.MelBandCount,
    };

    public Option<PadMode> PadMode { get; } = CliOptions.Choice("--pad-mode",
        "Centre padding of the STFT (librosa pad_mode): reflect as the DCASE 2020 baseline, constant as librosa 0.10.",
        Dsp.PadMode.Reflect, ("reflect", Dsp.PadMode.Reflect), ("constant", Dsp.PadMode.Constant));

    public Option<int> ContextFrames { get; } = new("--context-frames")
    {
        Description = "Consecutive frames per feature vector (DCASE 'frames'); 1 gives one row per frame.",
        DefaultValueFactory = _ => FeatureOptions.Dcase2020.ContextFrames,
    };

    public Option<LogScale> Log { get; } = CliOptions.Choice("--log",
        "Log scaling: dcase = 20/power*log10(mel+eps) (MIMII, DCASE); db-ref-max = power_to_db(ref=max, top_db=80) (AWS sample).",
        LogScale.Dcase, ("dcase", LogScale.Dcase), ("db-ref-max", LogScale.DbRefMax));

    public Option<bool> NoResample { get; } = new("--no-resample")
    {
        Description = "Treat a recording whose rate differs from 16 kHz as an error instead of resampling it.",
    };

    public IEnumerable<Option> All => [Channel, MelBands, PadMode, ContextFrames, Log, NoResample];

    public void AddTo(Command command)
    {
        foreach (Option option in All)
        {
            command.Options.Add(option);
        }
    }

    public FeatureOptions Read(ParseResult parse) => new FeatureOptions
    {
        Channel = ChannelSelection.Parse(parse.GetRequiredValue(Channel)),
        MelBandCount = parse.GetValue(MelBands),
        PadMode = parse.GetValue(PadMode),
        ContextFrames = parse.GetValue(ContextFrames),
        LogScale = parse.GetValue(Log),
    }.Validate();

    public bool AllowResample(ParseResult parse) => !parse.GetValue(NoResample);
}
