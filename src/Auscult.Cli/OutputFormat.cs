namespace Auscult.Cli;

/// <summary>How a command prints its result (<c>--format</c>).</summary>
internal enum OutputFormat
{
    Table,
    Json,
    Csv,
}
