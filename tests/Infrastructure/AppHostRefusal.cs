using Aspire.Hosting.Testing;

namespace Simulator.Tests.Infrastructure;

public static class AppHostRefusal
{
    /// <summary>Builds the AppHost with one setting, expects it to refuse, and returns every message of the refusal.</summary>
    public static async Task<string> MessageAsync(string setting)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>([setting], timeout.Token);
        });
        return Flatten(refused);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
