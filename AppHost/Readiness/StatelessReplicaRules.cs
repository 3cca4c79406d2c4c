using System.Text.RegularExpressions;

namespace Simulator.AppHost.Readiness;

/// <summary>State a replica keeps to itself, which other replicas never see: sessions, socket rooms, data, files.</summary>
public static partial class StatelessReplicaRules
{
    private const string ProductionJs = "config/env/production.js";

    public static IEnumerable<ReadinessFinding> SessionStore(ReadinessContext c)
    {
        if (c.HookRuns("session") && c.StringSetting("session.adapter") is "" or "memory")
        {
            yield return new ReadinessFinding("session-memory-store", ReadinessSeverity.Error, FileOf(c, "session.adapter"),
                "Sessions live in each replica's memory: a login holds only on the replica that served it, and every restart logs everyone out.",
                "session.adapter: '@sailshq/connect-redis' in config/env/production.js; the URL from sails_session__url.",
                SuppliedBySimulator: true);
        }
    }

    public static IEnumerable<ReadinessFinding> SocketAdapter(ReadinessContext c)
    {
        if (c.HookRuns("sockets", "sails-hook-sockets") && c.StringSetting("sockets.adapter") is "" or "memory")
        {
            yield return new ReadinessFinding("sockets-memory-adapter", ReadinessSeverity.Error, FileOf(c, "sockets.adapter"),
                "Socket.io uses the memory adapter: a broadcast reaches only the sockets connected to the replica that sent it.",
                "sockets.adapter: '@sailshq/socket.io-redis' in config/env/production.js; the URL from sails_sockets__url.",
                SuppliedBySimulator: true);
        }
    }

    public static IEnumerable<ReadinessFinding> Datastore(ReadinessContext c)
    {
        if (c.HookRuns("orm", "sails-hook-orm") && c.StringSetting("datastores.default.adapter") is "" or "sails-disk")
        {
            yield return new ReadinessFinding("datastore-sails-disk", ReadinessSeverity.Error, FileOf(c, "datastores.default.adapter"),
                "The default datastore is sails-disk: each replica keeps its own data in .tmp/, lost when its container is replaced.",
                "datastores.default.adapter: 'sails-postgresql' (or another database adapter) in config/env/production.js; the URL from sails_datastores__default__url.",
                SuppliedBySimulator: true);
        }
    }

    /// <summary>Skipper's default receiver, sails-hook-uploads without an adapter, or fs writes, in api/.</summary>
    public static IEnumerable<ReadinessFinding> LocalDiskFiles(ReadinessContext c)
    {
        foreach (var file in c.App.FilesUnder("api", "*.js"))
        {
            var code = JsText.StripComments(c.App.ReadText(file) ?? "");
            var uploadsToDisk = DefaultUploadReceiver().IsMatch(code) && !code.Contains("adapter", StringComparison.Ordinal);
            if (uploadsToDisk || FileSystemWrite().IsMatch(code))
            {
                yield return new ReadinessFinding("uploads-local-disk", ReadinessSeverity.Error, file,
                    "Writes files to the replica's own disk: other replicas cannot serve them, and they are lost when the container is replaced.",
                    "Stream uploads to an object store (skipper-s3, or the S3 SDK as a skipper receiver), configured by environment.");
            }
        }
    }

    /// <summary>The file that sets the setting, where the fix goes; production.js when nothing sets it.</summary>
    private static string FileOf(ReadinessContext c, string path) => c.Config.Find(path)?.File ?? ProductionJs;

    // .upload() with nothing, options, or a callback first: skipper's disk receiver. A named receiver
    // (`.upload(receiver, …)`) is the app's own and is not judged.
    [GeneratedRegex(@"\.upload\s*\(\s*(?:\)|\{|function\b|async\b|\(|[A-Za-z_$][\w$]*\s*=>)|\.uploadOne\s*\(")]
    private static partial Regex DefaultUploadReceiver();

    [GeneratedRegex(@"\b(?:fs|fsp|promises)\.(?:writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream)\s*\(")]
    private static partial Regex FileSystemWrite();
}
