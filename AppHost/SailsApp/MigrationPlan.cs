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

    /// <summary>The line the job ends with when the database already holds the app's tables.</summary>
    public const string RefusalLine =
        "simulator: Simulator:App:Migrate=alter refused: the database already holds the app's tables";

    // Sails forces migrate 'safe' whenever NODE_ENV is production, so this runs with NODE_ENV=development,
    // as the deployment guide's first-run recipe does. The bootstrap is skipped: it may seed or wipe data.
    // Alter may drop columns and the rows in them, so the app is first loaded with migrate 'safe' to look
    // for its tables in Postgres; any found, the job ends with one line and exit 1, and nothing is altered.
    private const string AlterScript = $$"""
        const Sails = require('sails').constructor;
        const rc = require('sails/accessible/rc');
        const config = rc('sails');
        const skipBootstrap = { bootstrap: async () => {} };
        const fail = (line) => { console.error(line); process.exit(1); };
        const load = (overrides) => new Promise((resolve, reject) => {
          const app = new Sails();
          app.load({ ...config, ...overrides, ...skipBootstrap }, (error) => (error ? reject(error) : resolve(app)));
        });
        const lower = (app) => new Promise((resolve) => app.lower(() => resolve()));

        async function existingTables(app) {
          const found = [];
          for (const model of Object.values(app.models)) {
            const datastore = app.config.datastores[model.datastore] || {};
            if (datastore.adapter !== 'sails-postgresql') { continue; }
            const result = await app.getDatastore(model.datastore).sendNativeQuery(
              'SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1', [model.tableName]);
            found.push(...result.rows.map((row) => row.table_name));
          }
          return [...new Set(found)].sort();
        }

        (async () => {
          console.log("simulator: Simulator:App:Migrate=alter: checking that the database holds none of the app's tables");
          const probe = await load({ models: { ...config.models, migrate: 'safe' } });
          const tables = await existingTables(probe);
          await lower(probe);
          if (tables.length > 0) {
            fail(`{{RefusalLine}} (${tables.join(', ')}); alter is for an empty database and may drop data. Remove the setting to keep the data as it is, or give the app an empty database.`);
          }
          console.log("simulator: loading the app once with models.migrate 'alter' (NODE_ENV=development, bootstrap skipped)");
          const app = await load({});
          console.log("simulator: tables created or altered; the replicas lift with migrate: 'safe'");
          setTimeout(() => process.exit(0), 5000).unref();
          await lower(app);
          process.exit(0);
        })().catch((error) => fail(`simulator: the alter migration failed: ${error && error.stack ? error.stack : error}`));
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
        MigrationMode.Alter => "migrate: Simulator:App:Migrate=alter: the app is loaded once with models.migrate 'alter' before the replicas start, on an empty database only: where the app's tables exist, the job refuses and changes nothing",
        _ => "migrate: " + NothingMessage["simulator: ".Length..],
    };
}
