using System.Net;
using System.Net.Sockets;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>
/// A TCP relay on loopback between the browser and the app, which can cut the network: while cut, open connections
/// are reset and new ones refused, as when a wall display's Wi-Fi drops or a load balancer is replaced.
/// </summary>
public sealed class CutProxy : IAsyncDisposable
{
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TcpClient Client, TcpClient Upstream)> _open = [];
    private readonly Lock _lock = new();
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    public CutProxy(int port, int target)
    {
        Port = port;
        _target = target;
    }

    public int Port { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    public bool IsCut => _listener is null;

    /// <summary>Relayed connections since the start.</summary>
    public int Connections { get; private set; }

    public void Start()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _accepting = AcceptAsync(_listener);
    }

    /// <summary>Resets every open connection and stops listening, so new ones are refused.</summary>
    public async Task CutAsync()
    {
        var listener = _listener;
        _listener = null;
        listener?.Stop();
        await _accepting.ConfigureAwait(false);
        lock (_lock)
        {
            foreach (var (client, upstream) in _open)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                upstream.Dispose();
            }

            _open.Clear();
        }
    }

    public void Restore() => Start();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await CutAsync();
        _stop.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // The app is down (restarting): the browser sees a reset, as it would without the relay.
            client.Client.LingerState = new LingerOption(true, 0);
            client.Dispose();
            upstream.Dispose();
            return;
        }

        lock (_lock)
        {
            _open.Add((client, upstream));
            Connections++;
        }

        try
        {
            await Task.WhenAny(Pump(client, upstream), Pump(upstream, client));
        }
        finally
        {
            lock (_lock)
            {
                _open.Remove((client, upstream));
            }

            client.Dispose();
            upstream.Dispose();
        }
    }

    private async Task Pump(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), _stop.Token);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            // One side went away; the relay closes both.
        }
    }
}
