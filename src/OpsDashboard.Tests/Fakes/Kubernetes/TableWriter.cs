using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>
/// Server-side tables (<c>meta.k8s.io/v1 Table</c>), which kubectl asks for with
/// <c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io,...</c>. Rows carry the object's metadata as
/// PartialObjectMetadata (kubectl takes the NAMESPACE column of <c>-A</c> from it) unless includeObject says otherwise.
/// </summary>
internal sealed class TableWriter(FakeKubernetesStats stats, TimeProvider timeProvider)
{
    public static bool IsWanted(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    public async Task WriteListAsync(HttpContext context, FakeResource resource, ListPage page)
    {
        var include = context.Request.Query["includeObject"].ToString();
        var body = ResponseBody.Start(context, stats);
        await using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            WriteHead(json, resource, ListResponder.ListMetadata(page), withColumns: true);
            foreach (var item in page.Items)
            {
                WriteRow(json, resource, item, include);
                json.Flush();
                await body.FlushIfFullAsync(context.RequestAborted);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        await body.FlushAsync(context.RequestAborted);
    }

    /// <summary>The object of a watch event in table form: a one-row Table; only the first event of a watch has columns.</summary>
    public void WriteWatchObject(ResponseBody body, FakeResource resource, StoredObject item, string includeObject, bool withColumns)
    {
        using var json = new Utf8JsonWriter(body);
        json.WriteStartObject();
        WriteHead(json, resource, $"{{\"resourceVersion\":\"{item.ResourceVersion}\"}}", withColumns);
        WriteRow(json, resource, item, includeObject);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteHead(Utf8JsonWriter json, FakeResource resource, string metadata, bool withColumns)
    {
        json.WriteString("kind", "Table");
        json.WriteString("apiVersion", "meta.k8s.io/v1");
        json.WritePropertyName("metadata");
        json.WriteRawValue(metadata, skipInputValidation: true);
        if (withColumns)
        {
            json.WriteStartArray("columnDefinitions");
            foreach (var column in ResourceTables.Columns(resource))
            {
                json.WriteStartObject();
                json.WriteString("name", column.Name);
                json.WriteString("type", column.Type);
                json.WriteString("format", column.Format);
                json.WriteString("description", column.Description);
                json.WriteNumber("priority", column.Priority);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }
        else
        {
            json.WriteNull("columnDefinitions");
        }

        json.WriteStartArray("rows");
    }

    private void WriteRow(Utf8JsonWriter json, FakeResource resource, StoredObject item, string includeObject)
    {
        json.WriteStartObject();
        json.WriteStartArray("cells");
        var columns = ResourceTables.Columns(resource);
        var cells = ResourceTables.Cells(resource.Decode(item.Json), timeProvider.GetUtcNow());
        for (var i = 0; i < cells.Length; i++)
        {
            // An integer column's cells are JSON numbers, as the API server writes MAXPODS and REPLICAS.
            if (i < columns.Count && columns[i].Type == "integer" && long.TryParse(cells[i], System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                json.WriteNumberValue(number);
            }
            else
            {
                json.WriteStringValue(cells[i]);
            }
        }

        json.WriteEndArray();
        switch (includeObject)
        {
            case "None":
                break;
            case "Object":
                json.WritePropertyName("object");
                json.WriteRawValue((byte[])[.. resource.KindAndApiVersion, (byte)',', .. item.Json.AsSpan(1)], skipInputValidation: true);
                break;
            default:
                json.WriteStartObject("object");
                json.WriteString("kind", "PartialObjectMetadata");
                json.WriteString("apiVersion", "meta.k8s.io/v1");
                json.WritePropertyName("metadata");
                json.WriteRawValue(Metadata(item.Json), skipInputValidation: true);
                json.WriteEndObject();
                break;
        }

        json.WriteEndObject();
    }

    /// <summary>The raw <c>metadata</c> object of a stored body.</summary>
    private static ReadOnlySpan<byte> Metadata(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (isMetadata)
            {
                return body.AsSpan(start, (int)reader.BytesConsumed - start);
            }
        }

        return "{}"u8;
    }
}
