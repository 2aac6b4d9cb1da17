using Auscult.Data;
using Auscult.Tests.TestSupport;

namespace Auscult.Tests.Data;

public sealed class ModelAdvisorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(0, 0, RecommendedModel.Autoencoder)]
    [InlineData(10, 8, RecommendedModel.Autoencoder)]
    [InlineData(ModelAdvisor.ClassifierBreakEvenAnomalies + 5, ModelAdvisor.ClassifierBreakEvenAnomalies - 1, RecommendedModel.Autoencoder)]
    [InlineData(ModelAdvisor.ClassifierBreakEvenAnomalies + 9, ModelAdvisor.ClassifierBreakEvenAnomalies, RecommendedModel.Classifier)]
    public void Advise_RecommendsTheClassifierFromTheBreakEvenCountOfTrainingAnomalies(int labelled, int training, RecommendedModel expected)
    {
        var advice = ModelAdvisor.Advise("fan", labelled, training);
        Assert.Equal(expected, advice.Model);
        Assert.Contains(labelled == 0 ? "no labelled anomalies" : $"{training} labelled anomalies", advice.Reason);
    }

    [Fact]
    public void For_CountsEachMachineTypesAnomalies_AndTheSupervisedTrainingShare()
    {
        FakeDataset.MimiiId(_temp.Path, Path.Combine("fan", "id_00"), normals: 20, abnormals: 50);
        FakeDataset.MimiiId(_temp.Path, Path.Combine("pump", "id_00"), normals: 20, abnormals: 5);
        FakeDataset.MimiiId(_temp.Path, Path.Combine("valve", "id_00"), normals: 20, abnormals: 0);
        var advice = ModelAdvisor.For(ClipCatalog.Discover(_temp.Path)).ToDictionary(a => a.MachineType);

        Assert.Equal((50, 40, RecommendedModel.Classifier), (advice["fan"].LabelledAnomalies, advice["fan"].TrainingAnomalies, advice["fan"].Model));
        Assert.Equal((5, 4, RecommendedModel.Autoencoder), (advice["pump"].LabelledAnomalies, advice["pump"].TrainingAnomalies, advice["pump"].Model));
        Assert.Equal((0, RecommendedModel.Autoencoder), (advice["valve"].LabelledAnomalies, advice["valve"].Model));
    }
}
