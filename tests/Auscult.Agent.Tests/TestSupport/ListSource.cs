using System.Runtime.CompilerServices;
using Auscult.Agent.Sources;

namespace Auscult.Agent.Tests.TestSupport;

/// <summary>A finite source over given clips.</summary>
internal sealed class ListSource(IReadOnlyList<CapturedClip> clips) : IClipSource
{
    public string Description => $"{clips.Count} test clips";

    public async IAsyncEnumerable<CapturedClip> CaptureAsync(Action<string> report, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var clip in clips)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return clip;
        }
    }

    public void Spooled(CapturedClip clip)
    {
    }
}
