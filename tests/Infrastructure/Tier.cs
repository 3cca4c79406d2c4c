namespace Simulator.Tests.Infrastructure;

/// <summary>
/// The suite's tiers, as the trait every test class carries: `eng/test.sh --tier NAME` runs one,
/// and runs them one after another so two topologies never start side by side on a small machine.
/// </summary>
public static class Tier
{
    public const string Trait = "Tier";

    /// <summary>No container engine: rules, generated files, option validation, app-model tests.</summary>
    public const string Fast = "fast";

    /// <summary>Single containers of the offline images and the sample app (Testcontainers).</summary>
    public const string Components = "components";

    /// <summary>The one shared topology (Aspire.Hosting.Testing): production behaviours.</summary>
    public const string Topology = "topology";

    /// <summary>A fresh `sails new` app in a topology of its own.</summary>
    public const string Apps = "apps";

    /// <summary>Rolling deploys: a copy of the sample app, changed and deployed, in a topology of its own.</summary>
    public const string Rollouts = "rollouts";

    /// <summary>The published Swarm stack deployed on a swarm of the local engine, and its production behaviours.</summary>
    public const string Swarm = "swarm";

    public static readonly string[] InOrder = [Fast, Components, Topology, Apps, Rollouts, Swarm];
}
