namespace Simulator.SampleAppClient;

/// <summary>
/// The simulator's own folder in the user's data folder ($XDG_DATA_HOME, else ~/.local/share):
/// outside any repository and, unlike the shared temporary folder, writable by the user alone.
/// </summary>
public static class ProductDataFolder
{
    public static string Root
    {
        get
        {
            var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            return Path.Combine(dataHome, "sails-simulator");
        }
    }
}
