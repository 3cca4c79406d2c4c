using Acornima.Ast;

namespace Simulator.AppHost.Readiness;

/// <summary>State a replica keeps to itself, which other replicas never see: sessions, socket rooms, data, files.</summary>
public static class StatelessReplicaRules
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

    /// <summary>
    /// Files that go to the replica's own disk in production, in api/: skipper's default receiver
    /// (`req.file().upload()` with no `adapter` option), sails-hook-uploads (`sails.uploadOne()`,
    /// `sails.upload()`) when neither the call nor the production config's `uploads.adapter`
    /// names an adapter, and `fs` writes. An adapter (skipper-s3, or any other but skipper-disk)
    /// or a receiver of the app's own is not local disk.
    /// </summary>
    public static IEnumerable<ReadinessFinding> LocalDiskFiles(ReadinessContext c)
    {
        foreach (var file in c.Sources.Scripts("api"))
        {
            if (c.Sources.Parse(file) is { } code && code.Nodes.OfType<CallExpression>().Any(call => WritesToLocalDisk(c, code, call)))
            {
                yield return new ReadinessFinding("uploads-local-disk", ReadinessSeverity.Error, file,
                    "Writes files to the replica's own disk: other replicas cannot serve them, and they are lost when the container is replaced.",
                    "Send uploads to an object store: uploads.adapter: require('skipper-s3') in config/env/production.js for sails-hook-uploads, " +
                    "or an adapter option on .upload(); settings by environment.");
            }
        }
    }

    private static bool WritesToLocalDisk(ReadinessContext c, JsModule code, CallExpression call)
    {
        if (call.Callee is not MemberExpression callee || JsModule.PropertyName(callee) is not { } method)
        {
            return false;
        }

        var first = call.Arguments.Count > 0 ? call.Arguments[0] : null;
        var second = call.Arguments.Count > 1 ? call.Arguments[1] : null;
        return method switch
        {
            "uploadOne" => HookUploadGoesToDisk(c, code, second),
            "upload" when callee.Object is Identifier { Name: "sails" } => HookUploadGoesToDisk(c, code, second),
            "upload" => SkipperUploadGoesToDisk(code, first),
            _ => FileSystemWrites.Contains(method) && IsFileSystem(code, callee.Object),
        };
    }

    /// <summary>Skipper: `.upload()`, `.upload(callback)` or `.upload(options)` without an adapter use skipper-disk; a receiver is the app's own.</summary>
    private static bool SkipperUploadGoesToDisk(JsModule code, Expression? first)
    {
        if (first is null)
        {
            return true;
        }

        var value = code.Value(first);
        return value.Node is IFunction
               || (value.AsObject is { } options && (options.Lookup("adapter").Value is not { } adapter || IsDiskAdapter(adapter)));
    }

    /// <summary>sails-hook-uploads: the call's `adapter` option, else sails.config.uploads.adapter, else its built-in disk adapter.</summary>
    private static bool HookUploadGoesToDisk(ReadinessContext c, JsModule code, Expression? options)
    {
        if (options is not null)
        {
            var value = code.Value(options);
            if (value.AsObject is not { } written)
            {
                // Options built at run time may name an adapter.
                return value.IsNothing && ConfiguredUploadsGoToDisk(c);
            }

            if (written.Lookup("adapter").Value is { } adapter)
            {
                return IsDiskAdapter(adapter);
            }
        }

        return ConfiguredUploadsGoToDisk(c);
    }

    private static bool ConfiguredUploadsGoToDisk(ReadinessContext c)
    {
        var setting = c.Config.Find("uploads.adapter");
        if (setting is null)
        {
            return true;
        }

        if (setting.Value.IsLiteral || setting.Value.RequiredModule is not null)
        {
            return IsDiskAdapter(setting.Value);
        }

        c.NotJudged("uploads.adapter", setting);
        return false;
    }

    private static bool IsDiskAdapter(JsValue adapter) => adapter.IsNothing || adapter.RequiredModule == "skipper-disk";

    private static bool IsFileSystem(JsModule code, Expression target) =>
        target is Identifier { Name: "fs" or "fsp" or "fse" or "promises" }
        || (target is MemberExpression member && JsModule.PropertyName(member) == "promises")
        || code.Value(target).RequiredModule is "fs" or "node:fs" or "fs/promises" or "node:fs/promises" or "fs-extra";

    private static readonly HashSet<string> FileSystemWrites =
        ["writeFile", "writeFileSync", "appendFile", "appendFileSync", "createWriteStream"];

    /// <summary>The file that sets the setting, where the fix goes; production.js when nothing sets it.</summary>
    private static string FileOf(ReadinessContext c, string path) => c.Config.Find(path)?.File ?? ProductionJs;
}
