namespace Simulator.AppHost;

public static class ConfigurationErrorReporting
{
    /// <summary>
    /// A bad setting that escapes Program.cs is shown as its message alone, exit code 2, with
    /// no stack trace, also when it comes from a check just before start (Run() wraps those in an
    /// AggregateException). Under Aspire.Hosting.Testing the exception reaches the test instead.
    /// </summary>
    public static void ReportBadSettingsPlainly()
    {
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            var problem = e.ExceptionObject as SimulatorOptionsException
                ?? (e.ExceptionObject as AggregateException)?.Flatten().InnerExceptions.OfType<SimulatorOptionsException>().FirstOrDefault();
            if (problem is not null)
            {
                Console.Error.WriteLine(problem.Message);
                Environment.Exit(2);
            }
        };
    }
}
