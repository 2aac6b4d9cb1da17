using System.Text.Json.Serialization;

namespace Auscult.Server.Jobs;

/// <summary>What a training job trains.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobKind>))]
public enum JobKind
{
    /// <summary>The supervised classifier, from the labelled clips of the machine type (and recent normal clips).</summary>
    [JsonStringEnumMemberName("train-classifier")]
    TrainClassifier,

    /// <summary>The autoencoder again, on recent normal clips (rejected alerts' clips count as normal), with the active model's preset.</summary>
    [JsonStringEnumMemberName("retrain-autoencoder")]
    RetrainAutoencoder,

    /// <summary>The first autoencoder of a machine type that has no model yet, from the clips it collected.</summary>
    [JsonStringEnumMemberName("first-autoencoder")]
    FirstAutoencoder,
}
