using Auscult.Bundles;
using Auscult.Tests.TestSupport;
using Auscult.Torch.Bundles;
using Auscult.Torch.Detection;
using Auscult.Torch.Tests.Fuzzing;

namespace Auscult.Torch.Tests.Bundles;

/// <summary>Bundles from and to streams (a request or response body), and the content identity.</summary>
public sealed class BundleStreamTests(SeedFixture seeds) : IClassFixture<SeedFixture>, IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Write(byte[] bundle)
    {
        string path = _temp.Combine($"{Guid.NewGuid():N}.auscult");
        File.WriteAllBytes(path, bundle);
        return path;
    }

    [Fact]
    public void LoadFromAStreamThatCannotSeek_GivesTheSameModelAndIdentityAsTheFile()
    {
        foreach (byte[] seed in new[] { seeds.Autoencoder, seeds.Classifier })
        {
            string path = Write(seed);
            using var fromFile = ModelBundle.Load(path);
            using var stream = new ForwardOnlyStream(new MemoryStream(seed), maxChunk: 1000);
            using var fromStream = ModelBundle.Load(stream, "upload.auscult");

            string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(seed));
            Assert.Equal(sha, fromFile.Identity);
            Assert.Equal(sha, fromStream.Identity);
            Assert.Equal(sha, ModelBundle.IdentityOf(path));
            Assert.Equal(sha, Detector.IdentityOf(path));
            Assert.Equal(fromFile.Manifest.Features, fromStream.Manifest.Features);
            var clip = SeedBundles.Clip(fromFile.Manifest.Features.MelBandCount, 40);
            using var a = fromFile.CreateScorer();
            using var b = fromStream.CreateScorer();
            Assert.Equal(a.Score(clip), b.Score(clip));
        }
    }

    [Fact]
    public async Task LoadAsync_ReadsTheStreamWithoutOneSynchronousRead()
    {
        using var stream = new ForwardOnlyStream(new MemoryStream(seeds.Autoencoder), maxChunk: 777);
        using var bundle = await ModelBundle.LoadAsync(stream, "body");
        Assert.Equal(0, stream.SynchronousReads);
        Assert.Equal(ModelKind.Autoencoder, bundle.Kind);
        Assert.Equal(ModelBundle.IdentityOf(seeds.Autoencoder), bundle.Identity);
    }

    [Fact]
    public void DamagedBytesFromAStream_AreRefusedNamingTheUpload()
    {
        byte[] damaged = seeds.Autoencoder[..(seeds.Autoencoder.Length / 2)];
        var ex = Assert.Throws<ModelException>(() => ModelBundle.Load(new ForwardOnlyStream(new MemoryStream(damaged)), "upload\u001b.auscult"));
        Assert.Contains("upload\\u001B.auscult", ex.Message);
        Assert.DoesNotContain(ex.Message, char.IsControl);
    }

    [Fact]
    public void StreamOverTheSizeLimit_IsRefusedOnceItPassesTheLimit()
    {
        var endless = new ForwardOnlyStream(new EndlessStream(), maxChunk: 1 << 20);
        var ex = Assert.Throws<ModelException>(() => ModelBundle.Load(endless, "endless"));
        Assert.Contains($"is more than {BundleLimits.MaxFileBytes:N0} bytes", ex.Message);
    }

    [Fact]
    public void SeekableStreamThatAdmitsToBeingTooLong_IsRefusedBeforeAnyRead()
    {
        var ex = Assert.Throws<ModelException>(() => ModelBundle.Load(new LongStream(BundleLimits.MaxFileBytes + 1), "long"));
        Assert.Contains($"is {BundleLimits.MaxFileBytes + 1:N0} bytes; bundles are at most", ex.Message);
    }

    [Fact]
    public async Task SaveToAStream_WritesTheSameBytesAsTheFile_AndTheIdentityNamesThem()
    {
        using var bundle = ModelBundle.Load(Write(seeds.Classifier));
        string path = _temp.Combine("again.auscult");
        bundle.Save(path);
        var sync = new MemoryStream();
        bundle.Save(sync);
        var async = new MemoryStream();
        await bundle.SaveAsync(async);

        byte[] file = File.ReadAllBytes(path);
        Assert.Equal(file, sync.ToArray());
        Assert.Equal(file, async.ToArray());
        Assert.Equal(ModelBundle.IdentityOf(file), bundle.Identity);
    }

    [Fact]
    public void CreatedBundle_HasTheIdentityOfTheBytesItSaves_AndSavingTwiceGivesTheSameBytes()
    {
        using var loaded = ModelBundle.Load(Write(seeds.Autoencoder));
        // A bundle only created (never saved) over the loaded model and manifest's training data.
        using var created = ModelBundle.Create(loaded.Model, loaded.Manifest.TrainingData, loaded.Manifest.Threshold,
            new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 30, 0, TimeSpan.Zero)));
        string identity = created.Identity;

        string first = _temp.Combine("first.auscult"), second = _temp.Combine("second.auscult");
        created.Save(first);
        created.Save(second);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Equal(identity, ModelBundle.IdentityOf(first));
        Assert.Equal(64, identity.Length);
        Assert.Matches("^[0-9a-f]{64}$", identity);
    }

    /// <summary>Zeros without end.</summary>
    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Clear(buffer, offset, count);
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A seekable stream that says it is <paramref name="length"/> bytes long and fails any read.</summary>
    private sealed class LongStream(long length) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("read");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
