namespace Auscult.Cli;

/// <summary>The process exit codes of <c>auscult</c>, documented in the README.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary><c>score --fail-on-anomaly</c> found at least one anomalous clip.</summary>
    public const int AnomalyFound = 1;

    /// <summary>Bad input or options: a file that cannot be read, an incompatible model, a wrong argument.</summary>
    public const int InputError = 2;

    /// <summary><c>agent --count N</c> ended with clips dropped (spool full), rejected by the receiver, or left undelivered.</summary>
    public const int NotDelivered = 3;

    /// <summary>Stopped by Ctrl-C before finishing; nothing half-written was left behind.</summary>
    public const int Cancelled = 130;
}
