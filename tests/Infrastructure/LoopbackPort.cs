using System.Net;
using System.Net.Sockets;

namespace Simulator.Tests.Infrastructure;

public static class LoopbackPort
{
    // Handed out once per test process, so two runs starting side by side never get the same one.
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A port on 127.0.0.1 that nothing listens on right now, below the system's ephemeral range: the
    /// engine gives containers' published ports from that range, so a port taken from it could be handed
    /// to another container before the proxy binds it ("port is already allocated").
    /// </summary>
    public static int Free()
    {
        var (ephemeralFrom, _) = EphemeralRange();
        var below = Math.Max(1024, ephemeralFrom - 12_000);
        while (true)
        {
            var port = Random.Shared.Next(below, ephemeralFrom);
            lock (HandedOut)
            {
                if (!HandedOut.Add(port))
                {
                    continue;
                }
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: another one.
            }
        }
    }

    private static (int From, int To) EphemeralRange()
    {
        const string file = "/proc/sys/net/ipv4/ip_local_port_range";
        var parts = File.Exists(file) ? File.ReadAllText(file).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries) : [];
        return parts.Length == 2 ? (int.Parse(parts[0]), int.Parse(parts[1])) : (32768, 60999);
    }
}
