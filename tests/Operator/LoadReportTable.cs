using System.Globalization;

namespace Simulator.Tests.Operator;

/// <summary>Reads the load report's "| figure | value |" table, as printed and as written to report.md.</summary>
public static class LoadReportTable
{
    public static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static Dictionary<string, string> Parse(string text)
    {
        var rows = text.Split('\n')
            .Select(line => line.Trim())
            .SkipWhile(line => line != "| figure | value |")
            .Skip(2)
            .TakeWhile(line => line.StartsWith('|'))
            .Select(line => line.Trim('|').Split('|', 2))
            .ToDictionary(cells => cells[0].Trim(), cells => cells[1].Trim());
        Assert.True(rows.Count > 0, $"no figure table in:{Environment.NewLine}{text}");
        return rows;
    }

    /// <summary>The leading count of a row such as "1234" or "410 (33.1 %)".</summary>
    public static long Count(Dictionary<string, string> rows, string figure)
    {
        Assert.True(rows.TryGetValue(figure, out var value), $"the report has no '{figure}' row: {string.Join(", ", rows.Keys)}");
        return long.Parse(value.Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
