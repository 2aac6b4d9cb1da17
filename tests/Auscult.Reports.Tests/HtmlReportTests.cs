using System.Text.RegularExpressions;
using Auscult.Evaluation;
using Auscult.Reports.Tests.TestSupport;

using Auscult.Tests.TestSupport;

namespace Auscult.Reports.Tests;

public sealed partial class HtmlReportTests : IDisposable
{
    private const string Hostile = "<script>alert('x')</script> & \"quoted\"";

    private readonly TempFolder _folder = new();
    private readonly LabelledScores _scores = Synthetic.Scores(60, 20);

    public void Dispose() => _folder.Dispose();

    [GeneratedRegex("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\" width=\"(\\d+)\" height=\"(\\d+)\"")]
    private static partial Regex EmbeddedImage();

    [GeneratedRegex("<a href=\"([^\"]+)\">")]
    private static partial Regex FileLink();

    private BinaryMetrics Counts => BinaryMetrics.At(_scores.IsAnomaly.ToArray(), _scores.Scores.ToArray(), 11.5);

    private EvaluationSummary Metrics(string name, params GroupScore[] machines) => new(name, "autoencoder", "fan", 80, 20, 0.91, 0.72, 0.1, 11.5,
        "gamma fit, 90th percentile", Counts,
        ScoreAggregate.Of(machines.Length > 0 ? machines : [new GroupScore("fan id_00", 40, 12, 0.93, 0.75), new GroupScore("fan id_02", 20, 8, 0.88, 0.69)]), []);

    private ReportDocument Document(ModelComparison? comparison = null) => new(
        "Auscult evaluation: fan",
        "Synthetic scores for a report test.",
        new DateTimeOffset(2026, 11, 23, 21, 0, 0, TimeSpan.Zero),
        Metrics("dense-ae"),
        [
            new ReportSection("Scores",
            [
                ReportFigure.FromPlot("histogram.png", "Score histogram", EvaluationPlots.ScoreHistogram(_scores, 11.5)),
                ReportFigure.FromPlot("roc.png", "ROC", EvaluationPlots.Roc(Synthetic.Roc(_scores)), 700, 600, "pAUC region shaded."),
            ], "How well the scores separate the classes."),
            new ReportSection("Spectrograms",
            [
                ReportFigure.FromPlot("pair.png", "Normal beside abnormal",
                    ExplorationPlots.NormalBesideAbnormal(Synthetic.Mel(32, 1, 1000), Synthetic.Mel(32, 2, 1000, 2500)), 1200, 450),
            ]),
        ],
        comparison);

    [Fact]
    public void Write_EmbedsEveryFigureAsADecodablePngOfItsSize()
    {
        string html = File.ReadAllText(HtmlReport.Write(Document(), _folder.Path));
        var images = EmbeddedImage().Matches(html);
        Assert.Equal(3, images.Count);
        foreach (Match image in images)
        {
            byte[] png = Convert.FromBase64String(image.Groups[1].Value);
            using var bitmap = ImageAssert.Png(png, int.Parse(image.Groups[2].Value), int.Parse(image.Groups[3].Value));
        }
    }

    [Fact]
    public void Write_EveryLinkedPngExistsBesideTheReportAndMatchesTheEmbeddedOne()
    {
        string path = HtmlReport.Write(Document(new ModelComparison(Metrics("baseline"), Metrics("candidate"))), _folder.Path);
        Assert.Equal(_folder.Combine(HtmlReport.DefaultFileName), path);
        string html = File.ReadAllText(path);
        var links = FileLink().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        var embedded = EmbeddedImage().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(5, links.Length);
        Assert.Equal(links.Length, embedded.Length);
        for (int i = 0; i < links.Length; i++)
        {
            string file = _folder.Combine(links[i]);
            Assert.True(File.Exists(file), $"{links[i]} is linked but was not written.");
            Assert.Equal(Convert.FromBase64String(embedded[i]), File.ReadAllBytes(file));
        }

        Assert.Equal(6, Directory.GetFiles(_folder.Path).Length);
    }

    [Fact]
    public void Render_HasNoScriptsOrExternalResources()
    {
        string html = HtmlReport.Render(Document(new ModelComparison(Metrics("a"), Metrics("b"))));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.All(Regex.Matches(html, "src=\"([^\"]*)\"").Select(m => m.Groups[1].Value),
            src => Assert.StartsWith("data:image/png;base64,", src));
    }

    [Fact]
    public void Render_EncodesHostileTextEverywhere()
    {
        var figure = ReportFigure.FromPlot("h.png", Hostile, EvaluationPlots.ScoresByClip(_scores, 11), caption: Hostile);
        var document = new ReportDocument(Hostile, Hostile, DateTimeOffset.UnixEpoch,
            Metrics(Hostile, new GroupScore(Hostile, 1, 1, 0.5, 0.5)) with { ThresholdMethod = Hostile },
            [new ReportSection(Hostile, [figure], Hostile)]);
        string html = HtmlReport.Render(document);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"quoted\"", html);
        // title tag, h1, summary, metrics name and method, machine, section heading and text, figure title, alt, caption
        Assert.Equal(11, Regex.Matches(html, Regex.Escape("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;")).Count);
    }

    [Fact]
    public void Render_ShowsMetricsMachinesAndCounts()
    {
        string html = HtmlReport.Render(Document());
        var counts = Counts;
        Assert.Contains("<td class=\"num\">0.910</td><td class=\"num\">0.720</td><td class=\"num\">11.5</td><td>gamma fit, 90th percentile</td>", html);
        Assert.Contains($"<td class=\"num\">{counts.TrueNegatives}</td><td class=\"num\">{counts.FalsePositives}</td>", html);
        Assert.Contains("<td>fan id_02</td><td class=\"num\">0.880</td><td class=\"num\">0.690</td><td class=\"num\">20</td><td class=\"num\">8</td>", html);
        Assert.Contains("Generated 2026-11-23 21:00 UTC", html);
        Assert.DoesNotContain("Model comparison", html);
    }

    [Fact]
    public void Render_UndefinedAucIsShownAsNotAvailable()
    {
        var document = Document() with { Metrics = Metrics("m") with { Auc = double.NaN } };
        Assert.Contains("<td>m</td><td class=\"num\">n/a</td>", HtmlReport.Render(document));
    }

    [Fact]
    public void Render_ComparisonShowsBothModelsAndTheirConfusionMatrices()
    {
        string html = HtmlReport.Render(Document(new ModelComparison(Metrics("baseline"), Metrics("candidate"))));
        int section = html.IndexOf("<h2>Model comparison</h2>", StringComparison.Ordinal);
        Assert.True(section > 0);
        string comparison = html[section..];
        Assert.Contains("<td>baseline</td>", comparison);
        Assert.Contains("<td>candidate</td>", comparison);
        Assert.Contains("comparison-1-confusion.png", comparison);
        Assert.Contains("comparison-2-confusion.png", comparison);
    }

    [Fact]
    public void Render_ComparisonHasAPerMachineTableWithAColumnPerModel()
    {
        var comparison = new ModelComparison(
            Metrics("autoencoder", new GroupScore("fan id_00", 40, 12, 0.81, 0.61), new GroupScore("fan id_02", 20, 8, 0.72, 0.52)),
            Metrics("classifier", new GroupScore("fan id_00", 40, 12, 0.93, 0.75), new GroupScore("fan id_02", 20, 8, 0.88, 0.69)));
        string html = HtmlReport.Render(Document(comparison) with { Metrics = null });
        string section = html[html.IndexOf("<h2>Model comparison</h2>", StringComparison.Ordinal)..];
        Assert.Contains("<th>Machine</th><th>AUC autoencoder</th><th>AUC classifier</th><th>pAUC autoencoder</th><th>pAUC classifier</th>", section);
        Assert.Contains("<td>fan id_00</td><td class=\"num\">0.810</td><td class=\"num\">0.930</td><td class=\"num\">0.610</td><td class=\"num\">0.750</td>"
            + "<td class=\"num\">40</td><td class=\"num\">12</td>", section);
        Assert.Contains("<td>fan id_02</td><td class=\"num\">0.720</td><td class=\"num\">0.880</td>", section);
    }

    [Fact]
    public void Render_TrialsTableListsEveryConfigurationAndMarksTheKeptOne()
    {
        TrialRow[] trials =
        [
            new("cnn-16", 0.81, 0.42, 12, 20, 31.5, "early-stopping", Kept: false),
            new("cnn-32", 0.91, 0.37, 38, 40, 62.25, "max-epochs", Kept: true),
            new("cnn-64", 0, 0, 0, 3, 4.0, "non-finite", Kept: false),
        ];
        var document = Document() with { Sections = [new ReportSection("Training", [], Trials: trials)] };
        string html = HtmlReport.Render(document);
        Assert.Contains("<h3>Configurations tried</h3>", html);
        Assert.Contains("<tr class=\"kept\"><td>cnn-32</td><td class=\"num\">0.910</td><td class=\"num\">0.3700</td><td class=\"num\">38</td>"
            + "<td class=\"num\">40</td><td class=\"num\">62.3</td><td>max-epochs</td><td>kept</td></tr>", html);
        Assert.Contains("<tr><td>cnn-16</td><td class=\"num\">0.810</td>", html);
        // A trial that never validated with finite numbers shows no F1, loss or best epoch (its record holds zeros).
        Assert.Contains("<tr><td>cnn-64</td><td class=\"num\">n/a</td><td class=\"num\">n/a</td><td class=\"num\">none</td>"
            + "<td class=\"num\">3</td><td class=\"num\">4.0</td><td>non-finite</td><td></td></tr>", html);
    }

    [Fact]
    public void Write_SectionInASubfolder_LinksItsPicturesThere_AndDoesNotWriteThemAgain()
    {
        // A model's own report in its subfolder, then a report that shows the same pictures (as `compare` does).
        string model = _folder.Combine("autoencoder");
        var own = Document();
        HtmlReport.Write(own, model);
        var stamp = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (string png in Directory.GetFiles(model, "*.png"))
        {
            File.SetLastWriteTimeUtc(png, stamp);
        }

        var linked = own.Sections.Select(s => s with { Heading = "autoencoder: " + s.Heading, Folder = "autoencoder" }).ToList();
        string html = File.ReadAllText(HtmlReport.Write(Document(new ModelComparison(Metrics("a"), Metrics("b"))) with { Sections = linked }, _folder.Path));

        // Written once: the model's pictures were not rewritten, and no copy of them sits beside the comparison.
        Assert.All(Directory.GetFiles(model, "*.png"), png => Assert.Equal(stamp, File.GetLastWriteTimeUtc(png)));
        Assert.Equal(["comparison-1-confusion.png", "comparison-2-confusion.png"],
            Directory.GetFiles(_folder.Path, "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var links = FileLink().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        Assert.Contains("autoencoder/histogram.png", links);
        Assert.Contains("autoencoder/pair.png", links);
        Assert.All(links, link => Assert.True(File.Exists(_folder.Combine(link)), $"{link} is linked but does not exist."));
    }

    [Fact]
    public void Write_SectionInASubfolderWithoutItsPictures_ThrowsArgumentException()
    {
        var document = Document() with { Sections = [Document().Sections[0] with { Folder = "missing" }] };
        var error = Assert.Throws<ArgumentException>(() => HtmlReport.Write(document, _folder.Path));
        Assert.Contains("histogram.png", error.Message);
        Assert.False(File.Exists(_folder.Combine(HtmlReport.DefaultFileName)));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Render_SectionFolderThatIsNotAPlainName_ThrowsArgumentException(string folder)
    {
        var document = Document() with { Sections = [Document().Sections[0] with { Folder = folder }] };
        Assert.Throws<ArgumentException>(() => HtmlReport.Render(document));
    }

    [Fact]
    public void Write_DuplicateFigureFileNames_ThrowsArgumentException()
    {
        var plot = EvaluationPlots.ScoreHistogram(_scores, 11);
        var document = Document() with
        {
            Sections = [new ReportSection("A", [ReportFigure.FromPlot("same.png", "1", plot), ReportFigure.FromPlot("SAME.png", "2", plot)])],
        };
        var error = Assert.Throws<ArgumentException>(() => HtmlReport.Write(document, _folder.Path));
        Assert.Contains("same.png", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Theory]
    [InlineData("../escape.png")]
    [InlineData("sub/dir.png")]
    [InlineData("picture.jpg")]
    [InlineData(".png")]
    [InlineData("a\"b.png")]
    public void ReportFigure_NotAPlainPngName_ThrowsArgumentException(string fileName)
    {
        byte[] png = PlotImage.ToPng(EvaluationPlots.ScoreHistogram(_scores, 11), 100, 100);
        Assert.Throws<ArgumentException>(() => new ReportFigure(fileName, "t", png));
    }

    [Fact]
    public void ReportFigure_BytesThatAreNotPng_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new ReportFigure("x.png", "t", "<svg/>"u8.ToArray()));
    }

    [Fact]
    public void Write_IntoNewFolder_CreatesItAndLeavesNoPartialFiles()
    {
        string folder = _folder.Combine("new", "report");
        HtmlReport.Write(Document(), folder, "fan.html");
        Assert.True(File.Exists(Path.Combine(folder, "fan.html")));
        Assert.DoesNotContain(Directory.GetFiles(folder), f => f.EndsWith(AtomicFile.PartialSuffix, StringComparison.Ordinal));
    }

    [Fact]
    public void Write_FileNameWithFolder_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => HtmlReport.Write(Document(), _folder.Path, "../report.html"));
    }
}
