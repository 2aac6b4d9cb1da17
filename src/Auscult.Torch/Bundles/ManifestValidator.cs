using System.Globalization;
using System.Text.Json;
using Auscult.Bundles;
using Auscult.Drift;
using Auscult.Features;
using Auscult.Torch.Classifier;

namespace Auscult.Torch.Bundles;

/// <summary>
/// Checks a deserialised manifest completely (required fields, ranges, enum values, finite numbers, text and list
/// lengths, sizes against <see cref="BundleLimits"/>) and names the first field that fails, as a JSON path
/// (<c>architecture.hiddenLayers[0]</c>). Runs before any model is built.
/// </summary>
internal sealed class ManifestValidator
{
    /// <summary>The feature options every writer of formats 1 and 2 wrote; missing ones would silently take defaults.</summary>
    private static readonly string[] RequiredFeatureFields =
    [
        "sampleRate", "fftSize", "hopLength", "melBandCount", "minFrequencyHz", "maxFrequencyHz", "spectrumPower", "center",
        "padMode", "melScale", "melNormalization", "logScale", "topDb", "contextFrames", "channel",
    ];

    private readonly string _shown;

    private ManifestValidator(string shown) => _shown = shown;

    /// <summary>Throws a <see cref="ModelException"/> naming the bundle and the first invalid field.</summary>
    /// <param name="root">The manifest as parsed JSON (for fields whose absence deserialisation would hide).</param>
    /// <param name="manifest">The manifest as deserialised.</param>
    /// <param name="shown">The bundle's path as messages show it.</param>
    public static void Validate(JsonElement root, BundleManifest manifest, string shown) =>
        new ManifestValidator(shown).Check(root, manifest);

    private void Check(JsonElement root, BundleManifest m)
    {
        Defined("modelKind", m.ModelKind);
        Text("preset", m.Preset);
        Defined("normalization", m.Normalization);
        bool classifier = m.ModelKind == ModelKind.Classifier;
        var normalization = classifier ? InputNormalization.BandStandardize : InputNormalization.None;
        Require(m.Normalization == normalization, "normalization",
            $"is '{Name(m.Normalization)}'; a{(classifier ? "" : "n")} {Name(m.ModelKind)} uses '{Name(normalization)}'");

        CheckFeatures(root, m.Features);

        if (m.Threshold is { } threshold)
        {
            Finite("threshold.value", threshold.Value);
            if (classifier)
            {
                Require(threshold.Value is >= 0 and <= 1, "threshold.value", $"{Show(threshold.Value)} is not a probability in [0, 1]");
            }

            Defined("threshold.method", threshold.Method);
            Require(threshold.Parameters.Count <= BundleLimits.MaxListLength, "threshold.parameters", "has too many entries");
            foreach (var (key, value) in threshold.Parameters)
            {
                Text("threshold.parameters", key);
                Finite($"threshold.parameters.{BundleText.Safe(key)}", value);
            }
        }

        CheckTrainingData(m.TrainingData, m.Features.MelBandCount);
        Require(m.Epochs >= 1, "epochs", $"{m.Epochs} must be at least 1");
        Require(m.BatchSize >= 2, "batchSize", $"{m.BatchSize} must be at least 2 (batch normalisation needs two vectors)");
        Finite("learningRate", m.LearningRate);
        Require(m.LearningRate > 0, "learningRate", $"{Show(m.LearningRate)} must be positive");
        Finite("validationFraction", m.ValidationFraction);
        Require(m.ValidationFraction is >= 0 and < 1, "validationFraction", $"{Show(m.ValidationFraction)} must lie in [0, 1)");
        Text("versions.auscult", m.Versions.Auscult);
        Text("versions.torchSharp", m.Versions.TorchSharp);
        Text("versions.libTorch", m.Versions.LibTorch);

        if (classifier)
        {
            Require(m.Classifier is not null, "classifier", "is missing: a classifier bundle needs its classifier section");
            Require(m.Threshold is not null, "threshold", "is missing: a classifier bundle needs its decision threshold");
            CheckClassifier(m.Classifier!, m.Features.MelBandCount);
        }
        else
        {
            Require(m.Architecture is not null, "architecture", "is missing: an autoencoder bundle has no architecture");
            CheckArchitecture(m.Architecture!, m.Features);
        }
    }

    private void CheckFeatures(JsonElement root, FeatureOptions f)
    {
        var features = root.GetProperty("features");
        foreach (string field in RequiredFeatureFields)
        {
            Require(features.ValueKind == JsonValueKind.Object && features.TryGetProperty(field, out _), $"features.{field}", "is missing");
        }

        Require(f.SampleRate is > 0 and <= BundleLimits.MaxSampleRate, "features.sampleRate", $"{f.SampleRate} must lie in 1 to {BundleLimits.MaxSampleRate:N0} Hz");
        Require(f.FftSize is >= 2 and <= BundleLimits.MaxFftSize && (f.FftSize & (f.FftSize - 1)) == 0, "features.fftSize",
            $"{f.FftSize} must be a power of two from 2 to {BundleLimits.MaxFftSize:N0}");
        Require(f.HopLength is > 0 and <= BundleLimits.MaxFftSize, "features.hopLength", $"{f.HopLength} must lie in 1 to {BundleLimits.MaxFftSize:N0}");
        Require(f.MelBandCount is > 0 and <= BundleLimits.MaxMelBands, "features.melBandCount", $"{f.MelBandCount} must lie in 1 to {BundleLimits.MaxMelBands:N0}");
        Require(f.ContextFrames is > 0 and <= BundleLimits.MaxContextFrames, "features.contextFrames", $"{f.ContextFrames} must lie in 1 to {BundleLimits.MaxContextFrames}");
        Finite("features.minFrequencyHz", f.MinFrequencyHz);
        if (f.MaxFrequencyHz is { } max)
        {
            Finite("features.maxFrequencyHz", max);
        }

        Finite("features.spectrumPower", f.SpectrumPower);
        Finite("features.topDb", f.TopDb);
        Defined("features.padMode", f.PadMode);
        Defined("features.melScale", f.MelScale);
        Defined("features.melNormalization", f.MelNormalization);
        Defined("features.logScale", f.LogScale);
        Require(f.Channel.IsMean || f.Channel.Index is >= 0 and < 1024, "features.channel", $"{f.Channel} is not a channel index below 1,024 or 'mean'");
        try
        {
            f.Validate();
        }
        catch (ConfigurationException ex)
        {
            throw Invalid("features", $"are invalid ({ex.Message.TrimEnd('.')})");
        }
    }

    private void CheckTrainingData(TrainingDataSummary t, int mels)
    {
        Require(t.ClipCount >= 0, "trainingData.clipCount", $"{t.ClipCount} is negative");
        Require(t.VectorCount >= 0, "trainingData.vectorCount", $"{t.VectorCount} is negative");
        OptionalText("trainingData.machineType", t.MachineType);
        OptionalText("trainingData.machineId", t.MachineId);
        CheckScores("trainingData.scores", t.Scores);
        CheckScores("trainingData.unseenScores", t.UnseenScores);
        if (t.DriftScores is { } drift)
        {
            Defined("trainingData.driftScores.source", drift.Source);
            Require(drift.Scores is not null, "trainingData.driftScores.scores", "is missing");
            CheckScores("trainingData.driftScores.scores", drift.Scores);
        }
        if (t.Input is { } input)
        {
            const string at = "trainingData.input";
            Require(input.SampleRate is > 0 and <= BundleLimits.MaxSampleRate, $"{at}.sampleRate", $"{input.SampleRate} must lie in 1 to {BundleLimits.MaxSampleRate:N0} Hz");
            Require(input.Duration >= TimeSpan.Zero, $"{at}.duration", "is negative");
            Finite($"{at}.meanRmsDbfs", input.MeanRmsDbfs);
            Require(input.ClipCount >= 0, $"{at}.clipCount", $"{input.ClipCount} is negative");
            Finite($"{at}.rmsDbfsStandardDeviation", input.RmsDbfsStandardDeviation);
            Require(input.RmsDbfsStandardDeviation >= 0, $"{at}.rmsDbfsStandardDeviation", "is negative");
            Finite($"{at}.minRmsDbfs", input.MinRmsDbfs ?? 0);
            Finite($"{at}.maxRmsDbfs", input.MaxRmsDbfs ?? 0);
            Require(input.ChannelCount >= 0, $"{at}.channelCount", $"{input.ChannelCount} is negative");
        }

        if (t.Bands is { } bands)
        {
            CheckBands(bands, mels);
        }
    }

    private void CheckScores(string at, ScoreDistribution? s)
    {
        if (s is null)
        {
            return;
        }

        Require(s.Count >= 0, $"{at}.count", $"{s.Count} is negative");
        Finite($"{at}.mean", s.Mean);
        Finite($"{at}.standardDeviation", s.StandardDeviation);
        Finite($"{at}.min", s.Min);
        Finite($"{at}.max", s.Max);
        List($"{at}.quantiles", s.Quantiles);
        for (int i = 0; i < s.Quantiles.Count; i++)
        {
            Require(s.Quantiles[i] is not null, $"{at}.quantiles[{i}]", "is null");
            Finite($"{at}.quantiles[{i}].probability", s.Quantiles[i].Probability);
            Require(s.Quantiles[i].Probability is >= 0 and <= 1, $"{at}.quantiles[{i}].probability", "must lie in [0, 1]");
            Finite($"{at}.quantiles[{i}].value", s.Quantiles[i].Value);
        }
    }

    private void CheckBands(BandStatistics b, int mels)
    {
        const string at = "trainingData.bands";
        Require(b.ClipCount >= 0, $"{at}.clipCount", $"{b.ClipCount} is negative");
        Require(b.FrameCount >= 0, $"{at}.frameCount", $"{b.FrameCount} is negative");
        Finite($"{at}.histogramResolution", b.HistogramResolution);
        Require(b.HistogramResolution > 0, $"{at}.histogramResolution", "must be positive");
        List($"{at}.probabilities", b.Probabilities);
        for (int i = 0; i < b.Probabilities.Count; i++)
        {
            Finite($"{at}.probabilities[{i}]", b.Probabilities[i]);
            Require(b.Probabilities[i] is >= 0 and <= 1, $"{at}.probabilities[{i}]", "must lie in [0, 1]");
            Require(i == 0 || b.Probabilities[i] >= b.Probabilities[i - 1], $"{at}.probabilities[{i}]", "is below the one before it");
        }

        List($"{at}.bands", b.Bands);
        Require(b.Bands.Count == mels, $"{at}.bands", $"has {b.Bands.Count} bands; the features have {mels} mel bands");
        for (int m = 0; m < b.Bands.Count; m++)
        {
            string band = $"{at}.bands[{m}]";
            var s = b.Bands[m];
            Require(s is not null, band, "is null");
            Finite($"{band}.mean", s!.Mean);
            Finite($"{band}.standardDeviation", s.StandardDeviation);
            Require(s.StandardDeviation >= 0, $"{band}.standardDeviation", "is negative");
            Finite($"{band}.min", s.Min);
            Finite($"{band}.max", s.Max);
            List($"{band}.quantiles", s.Quantiles);
            Require(s.Quantiles.Count == b.Probabilities.Count, $"{band}.quantiles",
                $"has {s.Quantiles.Count} values; there are {b.Probabilities.Count} probabilities");
            for (int q = 0; q < s.Quantiles.Count; q++)
            {
                Finite($"{band}.quantiles[{q}]", s.Quantiles[q]);
            }
        }
    }

    private void CheckArchitecture(ModelArchitecture a, FeatureOptions features)
    {
        Require(a.HiddenLayers.Count is >= 1 and <= BundleLimits.MaxHiddenLayers, "architecture.hiddenLayers",
            $"has {a.HiddenLayers.Count} layers; 1 to {BundleLimits.MaxHiddenLayers} are read");
        for (int i = 0; i < a.HiddenLayers.Count; i++)
        {
            Require(a.HiddenLayers[i] is >= 1 and <= BundleLimits.MaxLayerWidth, $"architecture.hiddenLayers[{i}]",
                $"{a.HiddenLayers[i]} must lie in 1 to {BundleLimits.MaxLayerWidth:N0}");
        }

        Require(a.Bottleneck is >= 1 and <= BundleLimits.MaxLayerWidth, "architecture.bottleneck", $"{a.Bottleneck} must lie in 1 to {BundleLimits.MaxLayerWidth:N0}");
        Require(a.InputSize == features.VectorLength, "architecture.inputSize",
            $"{a.InputSize} does not match the features' {features.MelBandCount} mel bands x {features.ContextFrames} context frames = {features.VectorLength}");
        long parameters = WeightsLayout.ElementCount(WeightsLayout.Autoencoder(a));
        Require(parameters <= BundleLimits.MaxParameterCount, "architecture", $"implies {parameters:N0} parameters; at most {BundleLimits.MaxParameterCount:N0} are loaded");
    }

    private void CheckClassifier(ClassifierManifest c, int mels)
    {
        CheckConfig("classifier.config", c.Config);
        List("classifier.classNames", c.ClassNames);
        Require(c.ClassNames.Count is >= 2 and <= BundleLimits.MaxClasses, "classifier.classNames",
            $"names {c.ClassNames.Count} classes; a classifier has 2 to {BundleLimits.MaxClasses}");
        for (int i = 0; i < c.ClassNames.Count; i++)
        {
            Text($"classifier.classNames[{i}]", c.ClassNames[i]);
        }

        Require(c.ClassNames.Distinct(StringComparer.Ordinal).Count() == c.ClassNames.Count, "classifier.classNames", "repeats a name");
        var n = c.Normalization;
        Require(n.Means.Count == mels, "classifier.normalization.means", $"has {n.Means.Count} values; the features have {mels} mel bands");
        Require(n.StandardDeviations.Count == mels, "classifier.normalization.standardDeviations", $"has {n.StandardDeviations.Count} values; the features have {mels} mel bands");
        for (int m = 0; m < mels; m++)
        {
            Finite($"classifier.normalization.means[{m}]", n.Means[m]);
            Finite($"classifier.normalization.standardDeviations[{m}]", n.StandardDeviations[m]);
            Require(n.StandardDeviations[m] > 0, $"classifier.normalization.standardDeviations[{m}]", "must be positive");
        }

        Require(mels >= SpectrogramCnn.MinimumInput(c.Config).Mels, "features.melBandCount",
            $"{mels} is too few for {c.Config.Channels.Count} convolution blocks (at least {SpectrogramCnn.MinimumInput(c.Config).Mels})");
        long parameters = WeightsLayout.ElementCount(WeightsLayout.Classifier(c.Config, c.ClassNames.Count, mels));
        Require(parameters <= BundleLimits.MaxParameterCount, "classifier.config", $"implies {parameters:N0} parameters; at most {BundleLimits.MaxParameterCount:N0} are loaded");

        var t = c.Training;
        Require(t.TrainClips >= 0, "classifier.training.trainClips", "is negative");
        Require(t.ValidationClips >= 0, "classifier.training.validationClips", "is negative");
        Require(t.Frames >= 0, "classifier.training.frames", "is negative");
        Require(t.BestEpoch >= 0, "classifier.training.bestEpoch", "is negative");
        Require(t.Budget is null || t.Budget >= TimeSpan.Zero, "classifier.training.budget", "is negative");
        List("classifier.training.classCounts", t.ClassCounts);
        Require(t.ClassCounts.All(k => k >= 0), "classifier.training.classCounts", "holds a negative count");
        try
        {
            t.Options.Validate();
        }
        catch (ConfigurationException ex)
        {
            throw Invalid("classifier.training.options", $"are invalid ({ex.Message.TrimEnd('.')})");
        }

        List("classifier.training.trials", t.Trials);
        for (int i = 0; i < t.Trials.Count; i++)
        {
            var trial = t.Trials[i];
            string at = $"classifier.training.trials[{i}]";
            Require(trial is not null, at, "is null");
            CheckConfig($"{at}.config", trial!.Config);
            Text($"{at}.stoppedBy", trial.StoppedBy);
            // Losses and F1 of a diverged trial are NaN by design (reported, not used), so only lengths are checked.
            List($"{at}.trainLosses", trial.TrainLosses ?? []);
            List($"{at}.validationLosses", trial.ValidationLosses ?? []);
            List($"{at}.validationF1s", trial.ValidationF1s ?? []);
        }
    }

    private void CheckConfig(string at, ClassifierConfig? config)
    {
        if (config is null)
        {
            throw Invalid(at, "is missing");
        }

        List($"{at}.channels", config.Channels);
        Require(config.Channels.Count is >= 1 and <= BundleLimits.MaxConvolutionBlocks, $"{at}.channels",
            $"has {config.Channels.Count} blocks; 1 to {BundleLimits.MaxConvolutionBlocks} are read");
        for (int i = 0; i < config.Channels.Count; i++)
        {
            Require(config.Channels[i] is >= 1 and <= BundleLimits.MaxChannels, $"{at}.channels[{i}]",
                $"{config.Channels[i]} must lie in 1 to {BundleLimits.MaxChannels:N0}");
        }

        Require(config.TimePooling is >= 1 and <= BundleLimits.MaxTimePooling, $"{at}.timePooling", $"{config.TimePooling} must lie in 1 to {BundleLimits.MaxTimePooling}");
        Finite($"{at}.learningRate", config.LearningRate);
        Finite($"{at}.dropout", config.Dropout);
        Defined($"{at}.pooling", config.Pooling);
        try
        {
            config.Validate();
        }
        catch (ConfigurationException ex)
        {
            throw Invalid(at, $"is invalid ({ex.Message.TrimEnd('.')})");
        }
    }

    private void Text(string field, string? value)
    {
        Require(value is not null, field, "is missing");
        OptionalText(field, value);
    }

    private void OptionalText(string field, string? value) =>
        Require(value is null || value.Length <= BundleLimits.MaxTextLength, field, $"is {value?.Length:N0} characters long; at most {BundleLimits.MaxTextLength} are read");

    private void List<T>(string field, IReadOnlyCollection<T>? values)
    {
        Require(values is not null, field, "is missing");
        Require(values!.Count <= BundleLimits.MaxListLength, field, $"has {values.Count:N0} items; at most {BundleLimits.MaxListLength:N0} are read");
    }

    private void Finite(string field, double value) => Require(double.IsFinite(value), field, $"{Show(value)} is not a finite number");

    private void Defined<TEnum>(string field, TEnum value)
        where TEnum : struct, Enum => Require(Enum.IsDefined(value), field, $"'{BundleText.Safe(value.ToString())}' is not a known value");

    private void Require(bool ok, string field, string problem)
    {
        if (!ok)
        {
            throw Invalid(field, problem);
        }
    }

    private ModelException Invalid(string field, string problem) =>
        new(BundleText.SafeMessage($"Model bundle '{_shown}' has an invalid manifest.json: {field} {problem.TrimEnd('.')}."));

    private static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
