using System.Globalization;
using Auscult.Evaluation;

namespace Auscult.Tests.Evaluation;

public class DcaseCsvTests
{
    [Fact]
    public void FileNames_FollowTheBaseline()
    {
        Assert.Equal("anomaly_score_fan_section_00_test.csv", DcaseCsv.AnomalyScoreFileName("fan", "section_00"));
        Assert.Equal("decision_result_valve_section_01_test.csv", DcaseCsv.DecisionResultFileName("valve", "section_01"));
        Assert.Equal("anomaly_score_ToyCar_id_01.csv", DcaseCsv.AnomalyScoreFileName("ToyCar", "id_01", split: null));
    }

    [Fact]
    public void WriteAnomalyScores_BaseNameCommaRoundTripScore_NoHeader()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            // A comma-decimal culture must not leak into the file.
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture.Clone() is CultureInfo c ? SetCommaDecimal(c) : previous;
            var writer = new StringWriter();
            DcaseCsv.WriteAnomalyScores(writer, [new("/data/fan/test/section_00_source_test_normal_0001.wav", 0.1 + 0.2), new("b.wav", 12.5)]);
            Assert.Equal("section_00_source_test_normal_0001.wav,0.30000000000000004\nb.wav,12.5\n", writer.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void WriteDecisions_WritesZeroOrOne()
    {
        var writer = new StringWriter();
        DcaseCsv.WriteDecisions(writer, [new("a.wav", true), new("b.wav", false)]);
        Assert.Equal("a.wav,1\nb.wav,0\n", writer.ToString());
    }

    private static CultureInfo SetCommaDecimal(CultureInfo culture)
    {
        culture.NumberFormat.NumberDecimalSeparator = ",";
        return culture;
    }
}
