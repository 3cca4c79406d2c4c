using Acornima.Ast;

namespace Simulator.AppHost.Readiness;

/// <summary>What has to happen once per deployment, not once per replica: schema, assets, seed data.</summary>
public static class DeploymentStepRules
{
    public static IEnumerable<ReadinessFinding> Migrations(ReadinessContext c)
    {
        if (c.HookRuns("orm", "sails-hook-orm") && c.Sources.Scripts("api/models").Count > 0 && !c.App.HasMigrateScript)
        {
            yield return new ReadinessFinding("migrations-missing", ReadinessSeverity.Error, "package.json",
                "No migrations (no `migrate` script): production lifts with migrate: 'safe', so the models' tables are never created or changed.",
                "Add an npm `migrate` script (e.g. node-pg-migrate) that a deployment runs once; a first run on an empty database here: --Simulator:App:Migrate=alter.");
        }
    }

    /// <summary>The asset pipeline (tasks/, Gruntfile.js) belongs in the image build, not in every replica's lift.</summary>
    public static IEnumerable<ReadinessFinding> Grunt(ReadinessContext c)
    {
        if (!(c.App.Exists("tasks") || c.App.Exists("Gruntfile.js")) || c.Config.Find("hooks.grunt")?.Value.AsBoolean == false)
        {
            yield break;
        }

        var problem = c.App.Package.Dependencies.Contains("sails-hook-grunt")
            ? "Grunt runs in every replica's lift (sails-hook-grunt is a dependency): slow starts, and each container rebuilds assets into its own .tmp/public."
            : "The asset pipeline needs Grunt, but sails-hook-grunt is not a production dependency: a production install never builds assets/, so pages are served without their CSS and JS.";
        yield return new ReadinessFinding("grunt-in-production", ReadinessSeverity.Warning, ".sailsrc", problem,
            "Build assets when the image is built (grunt buildProd), serve that folder (paths.public) and set hooks.grunt: false in .sailsrc.");
    }

    /// <summary>Model writes in config/bootstrap.js with no environment check or existence check anywhere in it.</summary>
    public static IEnumerable<ReadinessFinding> Bootstrap(ReadinessContext c)
    {
        if (c.Sources.Parse("config/bootstrap.js") is not { } code)
        {
            yield break;
        }

        var methods = code.Nodes.OfType<CallExpression>()
            .Select(call => call.Callee is MemberExpression callee ? JsModule.PropertyName(callee) : null)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var guarded = methods.Overlaps(ExistenceChecks) || code.Nodes.Any(IsEnvironmentCheck);
        if (methods.Overlaps(ModelWrites) && !guarded)
        {
            yield return new ReadinessFinding("bootstrap-unguarded-writes", ReadinessSeverity.Warning, "config/bootstrap.js",
                "Writes to the database at every lift, on every replica at once, with no guard detected (an environment or existence check).",
                "Seed data in a migration, or guard the writes (NODE_ENV, or a count/findOne first) so that concurrent lifts cannot duplicate or wipe data.");
        }
    }

    /// <summary>process.env.NODE_ENV (however written) or sails.config.environment.</summary>
    private static bool IsEnvironmentCheck(Node node) => node switch
    {
        MemberExpression m when JsModule.PropertyName(m) == "NODE_ENV" => true,
        MemberExpression { Object: MemberExpression parent } m => JsModule.PropertyName(m) == "environment" && JsModule.PropertyName(parent) == "config",
        Identifier { Name: "NODE_ENV" } or StringLiteral { Value: "NODE_ENV" } => true,
        _ => false,
    };

    private static readonly string[] ModelWrites =
    [
        "create", "createEach", "update", "updateOne", "destroy", "destroyOne", "archive", "archiveOne",
        "addToCollection", "removeFromCollection", "replaceCollection", "sendNativeQuery",
    ];

    private static readonly string[] ExistenceChecks = ["count", "findOne", "find", "findOrCreate"];
}
