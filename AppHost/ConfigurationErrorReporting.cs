namespace Simulator.AppHost;

public static class ConfigurationErrorReporting
{
    /// <summary>
    /// A bad setting that escapes Program.cs is shown as its message alone, exit code 2, with
    /// no stack trace. Under Aspire.Hosting.Testing the exception reaches the test instead.
    /// </summary>
    public static void ReportBadSettingsPlainly()
    {
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (e.ExceptionObject is SimulatorOptionsException problem)
            {
                Console.Error.WriteLine(problem.Message);
                Environment.Exit(2);
            }
        };
    }
}
