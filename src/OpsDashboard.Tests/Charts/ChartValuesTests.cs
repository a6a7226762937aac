using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpsDashboard.Tests.TestSupport;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpsDashboard.Tests.Charts;

/// <summary>
/// Without a helm binary: values.yaml must satisfy values.schema.json (checked by a small validator for the keywords
/// the schema uses), every <c>.Values.…</c> a template reads must exist in values.yaml, and no template holds a Secret.
/// </summary>
public sealed partial class ChartValuesTests
{
    private static readonly string Chart = Path.Combine(RepoPaths.Root, "charts", "opsdashboard");
    private static readonly JsonNode Schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Chart, "values.schema.json")))!;

    [Fact]
    public void The_default_values_satisfy_the_schema()
    {
        Assert.Empty(Validate(Schema, Values(File.ReadAllText(Path.Combine(Chart, "values.yaml"))), "values"));
    }

    [Fact]
    public void The_schema_refuses_more_replicas_than_the_app_supports_unknown_keys_and_incomplete_secret_references()
    {
        var errors = Validate(Schema, Values("""
            replicaCount: 11
            imagee: {}
            secretEnv:
              - name: GITHUB_TOKEN
                key: token
            """), "values");

        Assert.Equal(
            ["values.replicaCount: 11 is above the maximum 10", "values.imagee: not allowed here", "values.secretEnv[0]: secretName is required"],
            errors);
    }

    [Fact]
    public void Every_value_a_template_reads_is_defined_in_values_yaml()
    {
        var values = Values(File.ReadAllText(Path.Combine(Chart, "values.yaml")));
        var read = Directory.GetFiles(Path.Combine(Chart, "templates"))
            .SelectMany(f => ValuesPath().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.Contains("ingress.annotations", read);
        Assert.All(read, path => Assert.True(
            path.Split('.').Aggregate((JsonNode?)values, (node, key) => node?[key]) is not null,
            $".Values.{path} is read by a template but not defined in values.yaml"));
    }

    [Fact]
    public void No_template_carries_a_secret_they_are_only_referenced()
    {
        var templates = Directory.GetFiles(Path.Combine(Chart, "templates")).Select(File.ReadAllText).ToList();

        Assert.DoesNotContain(templates, t => SecretKind().IsMatch(t));
        Assert.Contains(templates, t => t.Contains("secretKeyRef", StringComparison.Ordinal));
    }

    /// <summary>values.yaml as JSON, plain scalars typed as YAML 1.2's core schema types them.</summary>
    private static JsonNode Values(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return ToJson(stream.Documents[0].RootNode)!;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } s => JsonValue.Create(s.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "null" or "~" or "" } => null,
        YamlScalarNode { Style: ScalarStyle.Plain } s when long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };

    private static List<string> Validate(JsonNode schema, JsonNode? value, string path)
    {
        var errors = new List<string>();
        if (schema["type"] is { } type && !(type is JsonArray many ? many.Any(t => Is(value, t!.GetValue<string>())) : Is(value, type.GetValue<string>())))
        {
            errors.Add($"{path}: expected {type.ToJsonString()}");
            return errors;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{path}: {value?.ToJsonString()} is not one of {allowed.ToJsonString()}");
        }

        if (value is JsonValue number && number.TryGetValue<long>(out var n))
        {
            if (schema["minimum"]?.GetValue<long>() is { } min && n < min)
            {
                errors.Add($"{path}: {n} is below the minimum {min}");
            }

            if (schema["maximum"]?.GetValue<long>() is { } max && n > max)
            {
                errors.Add($"{path}: {n} is above the maximum {max}");
            }
        }

        if (value is JsonValue text && text.TryGetValue<string>(out var s) && schema["minLength"]?.GetValue<int>() is { } minLength && s.Length < minLength)
        {
            errors.Add($"{path}: shorter than {minLength}");
        }

        if (value is JsonObject obj)
        {
            foreach (var (key, child) in obj)
            {
                if (schema["properties"]?[key] is { } property)
                {
                    errors.AddRange(Validate(property, child, $"{path}.{key}"));
                }
                else if (schema["additionalProperties"] is JsonValue extra && !extra.GetValue<bool>())
                {
                    errors.Add($"{path}.{key}: not allowed here");
                }
                else if (schema["additionalProperties"] is JsonObject extraSchema)
                {
                    errors.AddRange(Validate(extraSchema, child, $"{path}.{key}"));
                }
            }

            errors.AddRange((schema["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).Where(r => !obj.ContainsKey(r)).Select(r => $"{path}: {r} is required"));
        }

        if (value is JsonArray items && schema["items"] is { } itemSchema)
        {
            errors.AddRange(items.SelectMany((item, i) => Validate(itemSchema, item, $"{path}[{i}]")));
        }

        return errors;
    }

    private static bool Is(JsonNode? value, string type) => type switch
    {
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => value is JsonValue v && v.TryGetValue<string>(out _),
        "boolean" => value is JsonValue v && v.TryGetValue<bool>(out _),
        "integer" => value is JsonValue v && v.TryGetValue<long>(out _),
        "number" => value is JsonValue v && (v.TryGetValue<long>(out _) || v.TryGetValue<double>(out _)),
        _ => false,
    };

    [GeneratedRegex(@"\.Values\.([A-Za-z]+(?:\.[A-Za-z]+)*)")]
    private static partial Regex ValuesPath();

    [GeneratedRegex(@"(?m)^kind:\s*Secret\s*$")]
    private static partial Regex SecretKind();
}
