using System.IO.Compression;
using System.Text.Json;
using Auscult.Server.Machines;
using Auscult.Server.Storage;
using Auscult.Torch.Bundles;
using Auscult.Torch.Detection;

namespace Auscult.Server.Models;

/// <summary>Uploads and activations of model bundles.</summary>
public sealed class ModelRegistry
{
    private static readonly JsonSerializerOptions MetricsJson = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
    private readonly FileStore _files;
    private readonly ModelStore _models;
    private readonly MachineStore _machines;
    private readonly DetectorCache _detectors;
    private readonly TimeProvider _timeProvider;

    public ModelRegistry(FileStore files, ModelStore models, MachineStore machines, DetectorCache detectors, TimeProvider timeProvider)
    {
        _files = files;
        _models = models;
        _machines = machines;
        _detectors = detectors;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Stores a bundle read from <paramref name="body"/> (at most <paramref name="maxBytes"/>) after loading it as a
    /// detector would; the same bundle uploaded again is the same model. Returns the record and whether it is new.
    /// </summary>
    /// <exception cref="ProblemException">400 when the body is empty or not a bundle (the problem named); 413 when too large.</exception>
    public async Task<(ModelRecord Model, bool Created)> UploadAsync(Stream body, long maxBytes, string? uploadedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        string temp = _files.NewTempPath();
        try
        {
            long size = await CopyLimitedAsync(body, temp, maxBytes, cancellationToken).ConfigureAwait(false);
            if (size == 0)
            {
                throw ProblemException.BadRequest("The body is empty: send a model bundle (the .auscult file `auscult train` writes) as the body.");
            }

            ModelRecord record;
            string manifest;
            try
            {
                using var detector = Detector.Load(temp);
                manifest = ReadManifestText(temp);
                record = new ModelRecord(detector.ModelId, WireNames.Of(detector.Bundle.Kind), detector.Bundle.Manifest.TrainingData.MachineType,
                    MetricsOf(detector.Bundle.Manifest), FileStore.ModelPathOf(detector.ModelId), size, uploadedBy, _timeProvider.GetUtcNow());
            }
            catch (AuscultException e)
            {
                throw ProblemException.BadRequest($"The body is not a model bundle Auscult can use: {e.Message}");
            }

            // The bytes go to the database too: every instance sharing it can load the model, whichever received the upload.
            byte[] bundle = await File.ReadAllBytesAsync(temp, cancellationToken).ConfigureAwait(false);
            _files.MoveInto(temp, record.FilePath);
            return await _models.AddAsync(record, manifest, bundle, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Activates a model for a machine type or one machine, recording who and when; loads its detector at once.</summary>
    /// <exception cref="ProblemException">404 for an unknown model or machine; 400 unless exactly one target is given; 422 when the model's machine type differs from the machine's.</exception>
    public async Task<ModelActivation> ActivateAsync(string modelId, ActivationRequest request, string? activatedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = await _models.GetAsync(modelId, cancellationToken).ConfigureAwait(false)
            ?? throw ProblemException.NotFound($"There is no model '{modelId}'. Upload it with POST {ServerInfo.ApiPrefix}/models first.");
        if ((request.MachineId is null) == (request.MachineType is null))
        {
            throw ProblemException.BadRequest("Activate for exactly one target: a body {\"machineType\": \"fan\"} or {\"machineId\": \"fan-01\"}.");
        }

        string? machineType = request.MachineType is null ? null : MachineIds.Require(request.MachineType, "The machine type");
        if (request.MachineId is not null)
        {
            var machine = await _machines.GetAsync(MachineIds.Require(request.MachineId, "The machine id"), cancellationToken).ConfigureAwait(false)
                ?? throw ProblemException.NotFound($"The machine '{request.MachineId}' is not registered.");
            CheckType(model, machine.MachineType);
        }
        else
        {
            CheckType(model, machineType!);
        }

        try
        {
            await _detectors.GetAsync(model, cancellationToken).ConfigureAwait(false);
        }
        catch (AuscultException e)
        {
            throw ProblemException.Unprocessable($"Model {modelId} cannot be loaded: {e.Message}");
        }

        return await _models.ActivateAsync(model.Id, request.MachineId, machineType, activatedBy, _timeProvider.GetUtcNow(), cancellationToken)
            .ConfigureAwait(false);
    }

    private static void CheckType(ModelRecord model, string machineType)
    {
        if (model.MachineType is not null && !string.Equals(model.MachineType, machineType, StringComparison.Ordinal))
        {
            throw ProblemException.Unprocessable($"Model {model.Id[..12]} was trained on {model.MachineType} machines; this target is of type {machineType}.");
        }
    }

    private static async Task<long> CopyLimitedAsync(Stream body, string path, long maxBytes, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                throw ProblemException.TooLarge($"The model bundle is larger than the limit of {maxBytes} bytes (Auscult:MaxModelBytes).");
            }

            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }

        file.Flush(flushToDisk: true);
        return total;
    }

    private static string ReadManifestText(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
        return reader.ReadToEnd();
    }

    private static JsonElement MetricsOf(BundleManifest manifest) => JsonSerializer.SerializeToElement(new
    {
        threshold = manifest.Threshold,
        trainingData = manifest.TrainingData,
        preset = manifest.Preset,
        createdUtc = manifest.CreatedUtc,
    }, MetricsJson);
}
