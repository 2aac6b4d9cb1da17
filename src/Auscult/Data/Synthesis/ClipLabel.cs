namespace Auscult.Data.Synthesis;

/// <summary>Whether a clip records a machine in its normal state or with a fault.</summary>
public enum ClipLabel
{
    Normal,
    Abnormal,
}
