using System.Text.RegularExpressions;

namespace Simulator.AppHost;

/// <summary>
/// S3's bucket naming rules (general purpose buckets). A name that breaks them is refused by the
/// store when the bucket is created, after the store is up: the replicas would wait for it forever.
/// </summary>
public static partial class S3BucketName
{
    public const string Rules = "3-63 characters of lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, no two dots in a row, not an IP address";

    public static bool IsValid(string name) =>
        Shape().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal) && !IpAddress().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex Shape();

    [GeneratedRegex(@"^\d+\.\d+\.\d+\.\d+$")]
    private static partial Regex IpAddress();
}
