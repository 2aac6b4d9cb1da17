using System.Globalization;

namespace Auscult.Audio;

/// <summary>Which channel of a multi-channel recording feeds the features: one by index, or the mean of all.</summary>
/// <remarks>The MIMII and DCASE baselines use channel 0 (<c>librosa.load(mono=False)[0]</c>).</remarks>
public readonly record struct ChannelSelection
{
    private ChannelSelection(int index) => Index = index;

    /// <summary>The channel index, or -1 for the mean of all channels.</summary>
    public int Index { get; }

    public bool IsMean => Index < 0;

    public static ChannelSelection Mean { get; } = new(-1);

    public static ChannelSelection First { get; } = new(0);

    public static ChannelSelection Channel(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new ChannelSelection(index);
    }

    /// <summary>Parses <c>mean</c> or a channel index such as <c>0</c>.</summary>
    public static ChannelSelection Parse(string text)
    {
        if (string.Equals(text, "mean", StringComparison.OrdinalIgnoreCase))
        {
            return Mean;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            return Channel(index);
        }

        throw new InputException($"'{text}' is not a channel: give an index (0, 1, ...) or 'mean'.");
    }

    public override string ToString() => IsMean ? "mean" : Index.ToString(CultureInfo.InvariantCulture);
}
