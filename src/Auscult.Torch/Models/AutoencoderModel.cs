using TorchSharp;

namespace Auscult.Torch.Models;

/// <summary>
/// A dense autoencoder of a given <see cref="AutoencoderPreset"/>, trained or freshly initialised. Owns native
/// memory: dispose it. Not thread-safe; give each scoring thread its own instance.
/// </summary>
public sealed class AutoencoderModel : IDisposable
{
    internal AutoencoderModel(AutoencoderPreset preset, int seed)
    {
        Preset = preset.Validate();
        Seed = seed;
        TorchRuntime.EnsureConfigured(); // the host's thread count, before the first tensor (see TorchRuntime)
        Module = new DenseAutoencoder(preset);
        Module.InitializeLikeKeras(new Random(seed));
    }

    /// <summary>The architecture and training settings.</summary>
    public AutoencoderPreset Preset { get; }

    /// <summary>The seed of the initial weights and of the training shuffle.</summary>
    public int Seed { get; }

    internal DenseAutoencoder Module { get; }

    /// <summary>All weights and buffers as named float arrays (state-dict order), e.g. to compare two models.</summary>
    public IReadOnlyList<KeyValuePair<string, float[]>> GetWeights()
    {
        // The float copies of integer buffers (num_batches_tracked) are temporaries: free them here, not at GC.
        using var scope = torch.NewDisposeScope();
        return Module.state_dict()
            .Select(kv => new KeyValuePair<string, float[]>(kv.Key, kv.Value.to_type(torch.ScalarType.Float32).data<float>().ToArray()))
            .ToList();
    }

    public void Dispose() => Module.Dispose();
}
