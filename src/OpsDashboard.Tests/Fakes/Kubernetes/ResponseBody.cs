using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>
/// A response body written straight into Kestrel's pipe, counted for <see cref="FakeKubernetesStats.BytesWritten"/> and
/// flushed in 64 KB pieces, so a 150,000-pod list streams without being built in memory first.
/// </summary>
internal sealed class ResponseBody(HttpResponse response, FakeKubernetesStats stats) : IBufferWriter<byte>
{
    private const int FlushThreshold = 64 * 1024;
    private readonly PipeWriter _writer = response.BodyWriter;
    private long _unflushed;

    public static ResponseBody Start(HttpContext context, FakeKubernetesStats stats, int statusCode = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-cache, private";
        return new ResponseBody(context.Response, stats);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        _writer.Write(bytes);
        _unflushed += bytes.Length;
    }

    public void Write(string ascii)
    {
        var span = _writer.GetSpan(Encoding.UTF8.GetMaxByteCount(ascii.Length));
        Advance(Encoding.UTF8.GetBytes(ascii, span));
    }

    /// <summary>A stored object with kind and apiVersion put back in front, as single GETs and watch events carry them.</summary>
    public void WriteWithKind(FakeResource resource, StoredObject obj)
    {
        Write(resource.KindAndApiVersion);
        if (obj.Json.Length > 2)
        {
            Write(","u8);
        }

        Write(obj.Json.AsSpan(1));
    }

    public ValueTask FlushIfFullAsync(CancellationToken cancellationToken) =>
        _unflushed >= FlushThreshold ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        stats.Wrote(_unflushed);
        _unflushed = 0;
        await _writer.FlushAsync(cancellationToken);
    }

    public void Advance(int count)
    {
        _writer.Advance(count);
        _unflushed += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => _writer.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => _writer.GetSpan(sizeHint);
}
