using System.Text.Json;

namespace Simulator.AppHost;

public enum MigrationMode
{
    /// <summary>The app's own `npm run migrate`.</summary>
    AppScript,

    /// <summary>The app has no migrations: the job says so and exits 0.</summary>
    Nothing,

    /// <summary>Sails' own first-run way, on request only: load the app once with migrate 'alter'.</summary>
    Alter,
}

/// <summary>What the one-shot migrate job runs; replicas start only after it exits 0.</summary>
public sealed record MigrationPlan(MigrationMode Mode)
{
    public const string AlterSetting = "alter";

    public const string NothingMessage =
        "simulator: this app has no migrations (no \"migrate\" script in package.json), so nothing runs here. " +
        "The replicas lift with migrate: 'safe' against the database as it is: tables the models need may be missing. " +
        "For a first run on an empty database: --Simulator:App:Migrate=alter.";

    // Sails forces migrate 'safe' whenever NODE_ENV is production, so this runs with NODE_ENV=development,
    // as the deployment guide's first-run recipe does. The bootstrap is skipped: it may seed or wipe data.
    private const string AlterScript = """
        const sails = require('sails');
        const rc = require('sails/accessible/rc');
        console.log("simulator: Simulator:App:Migrate=alter: loading the app once with models.migrate 'alter' (NODE_ENV=development, bootstrap skipped)");
        sails.load({ ...rc('sails'), bootstrap: async () => {} }, (error) => {
          if (error) {
            console.error('simulator: the alter migration failed:', error);
            process.exit(1);
          }
          console.log("simulator: tables created or altered; the replicas lift with migrate: 'safe'");
          setTimeout(() => process.exit(0), 5000).unref();
          sails.lower(() => process.exit(0));
        });
        """;

    public static MigrationPlan For(AppOptions options, SailsAppFolder app) =>
        string.Equals(options.Migrate, AlterSetting, StringComparison.OrdinalIgnoreCase) ? new(MigrationMode.Alter)
        : app.HasMigrateScript ? new(MigrationMode.AppScript)
        : new(MigrationMode.Nothing);

    public string Entrypoint => Mode == MigrationMode.AppScript ? "npm" : "node";

    public string[] Args => Mode switch
    {
        MigrationMode.AppScript => ["run", "migrate"],
        MigrationMode.Alter => ["-e", AlterScript],
        _ => ["-e", $"console.log({JsonSerializer.Serialize(NothingMessage)})"],
    };

    /// <summary>The AppHost's console line about the migration, before anything starts.</summary>
    public string Description => Mode switch
    {
        MigrationMode.AppScript => "migrate: runs the app's `npm run migrate` before the replicas start",
        MigrationMode.Alter => "migrate: Simulator:App:Migrate=alter: the app is loaded once with models.migrate 'alter' before the replicas start; use it on an empty database only",
        _ => "migrate: " + NothingMessage["simulator: ".Length..],
    };
}
