namespace Auscult.Tests.TestSupport;

/// <summary>
/// Locates <c>../shared</c> beside the repository root (real clips and golden values). A user's clone does not have
/// it; tests that need it use <see cref="SharedFactAttribute"/> or <see cref="SharedTheoryAttribute"/> and skip.
/// </summary>
public static class SharedFolder
{
    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>The absolute path of shared/, or null when it is absent.</summary>
    public static string? Path => Root.Value;

    public const string MissingReason = "../shared (real clips and golden values) is not beside the repository root; skipped.";

    /// <summary>A path below shared/; only call from a test that skips when shared/ is absent.</summary>
    public static string Combine(params string[] parts) =>
        System.IO.Path.Combine([Path ?? throw new InvalidOperationException(MissingReason), .. parts]);

    private static string? Find()
    {
        // Walk up from the test binaries to the repository root (the folder with Auscult.slnx), then look beside it.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Auscult.slnx")))
            {
                string candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared"));
                return Directory.Exists(System.IO.Path.Combine(candidate, "golden")) ? candidate : null;
            }
        }

        return null;
    }
}

/// <summary>A fact that is skipped, saying why, when ../shared is absent.</summary>
public sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute()
    {
        if (SharedFolder.Path is null)
        {
            Skip = SharedFolder.MissingReason;
        }
    }
}

/// <summary>A theory that is skipped, saying why, when ../shared is absent.</summary>
public sealed class SharedTheoryAttribute : TheoryAttribute
{
    public SharedTheoryAttribute()
    {
        if (SharedFolder.Path is null)
        {
            Skip = SharedFolder.MissingReason;
        }
    }
}
