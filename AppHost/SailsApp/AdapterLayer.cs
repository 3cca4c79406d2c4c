using System.Text.RegularExpressions;

namespace Simulator.AppHost;

/// <summary>
/// For an app with its own Dockerfile that does not declare the topology's adapters: its Dockerfile,
/// unchanged, followed by one layer that adds them to its final stage, written outside the app's folder.
/// </summary>
public static partial class AdapterLayer
{
    /// <summary>What the topology's sails_* wiring names; an app's own image chooses its process manager itself.</summary>
    public static readonly string[] Adapters = ["sails-postgresql", "@sailshq/connect-redis", "@sailshq/socket.io-redis"];

    /// <summary>The line the build ends with when the app's image has no npm to add the adapters with.</summary>
    public const string NoNpmLine = "simulator: the app's image has no npm, so the topology's adapters it does not declare cannot be added";

    public static string Render(string appPath, string appDockerfile, IReadOnlyList<string> addedPackages)
    {
        var packages = string.Join(' ', addedPackages);
        // The final stage's own user comes back after the install, which may need root to write node_modules.
        var user = LastUserOfFinalStage(appDockerfile);
        return $"""
            {appDockerfile.TrimEnd()}

            # ---- Added by the Sails production simulator for {appPath}: the app's Dockerfile above is
            # unchanged; this layer adds what the topology's wiring names and its package.json does not
            # declare, in its final stage's working directory, not saved to its package.json.
            {(user is null ? "" : "USER root\n")}RUN if ! command -v npm >/dev/null 2>&1; then \
                  echo "{NoNpmLine} ({packages}): declare them in its package.json." >&2; exit 1; fi; \
                if [ ! -f package.json ]; then \
                  echo "simulator: the app's image has no package.json in its working directory ($(pwd)), so {packages} cannot be added there: declare them in its package.json." >&2; exit 1; fi; \
                npm install --omit=dev --no-save --no-audit --no-fund {packages} \
                && echo "simulator: added {packages} to the app's image (not declared in its package.json)"
            {(user is null ? "" : $"USER {user}\n")}
            """;
    }

    /// <summary>The argument of the last USER instruction after the last FROM; null when that stage sets none.</summary>
    public static string? LastUserOfFinalStage(string dockerfile)
    {
        string? user = null;
        foreach (var line in dockerfile.Split('\n').Select(l => l.Trim()))
        {
            if (From().IsMatch(line))
            {
                user = null;
            }
            else if (User().Match(line) is { Success: true } match)
            {
                user = match.Groups[1].Value.Trim();
            }
        }

        return user;
    }

    [GeneratedRegex(@"^FROM\s", RegexOptions.IgnoreCase)]
    private static partial Regex From();

    [GeneratedRegex(@"^USER\s+(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex User();
}
