using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Simulator.TrafficGenerator.Report;

/// <summary>
/// The report's command line, read through configuration so that the short switches and any
/// Traffic:* setting (--Traffic:Mix:Upload=3) land in the same options the "traffic" resource binds.
/// </summary>
public sealed record ReportArguments(TrafficOptions Traffic, TimeSpan Duration, string Out)
{
    public const string Usage =
        "usage: report [--duration <seconds>] [--concurrency <users>] [--url <proxy url>] [--ca <CA certificate>] [--out <folder>] [--sockets <n>] [--rate <requests/s, 0: unlimited>]";

    /// <summary>A day: far beyond any load test, and within what a timer can wait (TimeSpan overflows near 1e12 s).</summary>
    public const double MaxDurationSeconds = 24 * 60 * 60;

    private static readonly Dictionary<string, string> Switches = new()
    {
        ["--duration"] = "Report:Duration",
        ["--out"] = "Report:Out",
        ["--url"] = "Traffic:Url",
        ["--ca"] = "Traffic:CertificateAuthority",
        ["--concurrency"] = "Traffic:Concurrency",
        ["--sockets"] = "Traffic:Sockets",
        ["--rate"] = "Traffic:RatePerSecond",
    };

    /// <summary>The arguments, or the one line that says what is wrong with them.</summary>
    public static (ReportArguments? Arguments, string? Problem) Parse(string[] args)
    {
        if (UnknownOption(args) is { } unknown)
        {
            return (null, $"unknown option '{unknown}'; {Usage}");
        }

        try
        {
            var configuration = new ConfigurationBuilder().AddCommandLine(args, Switches).Build();
            // A report measures what the topology can take: no pacing unless asked for.
            var traffic = new TrafficOptions { RatePerSecond = 0 };
            configuration.GetSection(TrafficOptions.Section).Bind(traffic);
            var duration = configuration["Report:Duration"] ?? "30";
            var durationIsValid = double.TryParse(duration, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                && seconds is > 0 and <= MaxDurationSeconds;
            var problem = durationIsValid
                ? traffic.Problems().FirstOrDefault()
                : $"--duration must be a positive number of seconds up to {MaxDurationSeconds} (got {duration})";
            return problem is null
                ? (new ReportArguments(traffic, TimeSpan.FromSeconds(seconds), configuration["Report:Out"] ?? "load-reports"), null)
                : (null, problem);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            return (null, $"{e.Message.TrimEnd('.')}; {Usage}");
        }
    }

    /// <summary>An option that is neither a switch above nor a configuration key (Traffic:...), if any.</summary>
    private static string? UnknownOption(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var key = args[i].Split('=')[0];
            if (!key.StartsWith("--", StringComparison.Ordinal) || !(Switches.ContainsKey(key) || key.Contains(':')))
            {
                return args[i];
            }

            if (!args[i].Contains('='))
            {
                i++; // its value
            }
        }

        return null;
    }
}
