// Command validate checks a `helm template` render offline against the real
// API definitions, as an API server with strict field validation would:
//
//   - built-in kinds (Deployment, Service, …) are decoded strictly into the
//     k8s.io/api Go types (unknown or duplicate fields and wrong types fail),
//     then checked with apimachinery's own name/label/port validators;
//   - Istio kinds are validated against the CRDs that Istio installs
//     (istio.io/api: kubernetes/customresourcedefinitions.gen.yaml) with the
//     apiextensions-apiserver code: defaulting, pruning (unknown fields),
//     OpenAPI schema validation and the CRDs' CEL rules;
//   - Prometheus Operator kinds are decoded strictly into its Go API types
//     and every rule expression is parsed by Prometheus' PromQL parser.
//
// Usage: helm template … | validate -istio-crds FILE > objects.json
// It prints the decoded objects as one JSON array on stdout (for tests to
// assert on) and every problem on stderr; the exit code is 1 on any problem.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// object is one rendered manifest, as JSON and as a generic map.
type object struct {
	raw  []byte
	data map[string]any
	// source is the `# Source:` comment helm writes above each document.
	source string
}

func (o object) apiVersion() string { s, _ := o.data["apiVersion"].(string); return s }
func (o object) kind() string       { s, _ := o.data["kind"].(string); return s }
func (o object) name() string {
	m, _ := o.data["metadata"].(map[string]any)
	s, _ := m["name"].(string)
	return s
}
func (o object) String() string {
	return fmt.Sprintf("%s %s/%s (%s)", o.apiVersion(), o.kind(), o.name(), o.source)
}

func readObjects(r io.Reader) ([]object, error) {
	reader := utilyaml.NewYAMLReader(bufio.NewReader(r))
	var out []object
	for {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		source := ""
		for _, line := range strings.Split(string(doc), "\n") {
			if strings.HasPrefix(line, "# Source: ") {
				source = strings.TrimPrefix(line, "# Source: ")
			}
		}
		// Strict: a duplicated key is an error, as in kubectl's strict decoding.
		js, err := yaml.YAMLToJSONStrict(doc)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", source, err)
		}
		if string(js) == "null" {
			continue // an empty document (a template that rendered nothing)
		}
		var data map[string]any
		if err := json.Unmarshal(js, &data); err != nil {
			return nil, fmt.Errorf("%s: not an object: %w", source, err)
		}
		out = append(out, object{raw: js, data: data, source: source})
	}
}

func main() {
	istioCRDs := flag.String("istio-crds", "", "path of Istio's customresourcedefinitions.gen.yaml (from the istio.io/api module)")
	flag.Parse()
	if *istioCRDs == "" {
		fmt.Fprintln(os.Stderr, "validate: -istio-crds is required")
		os.Exit(2)
	}
	crds, err := loadCRDs(*istioCRDs)
	if err != nil {
		fmt.Fprintln(os.Stderr, "validate:", err)
		os.Exit(2)
	}
	objs, err := readObjects(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "validate: reading manifests:", err)
		os.Exit(1)
	}
	if len(objs) == 0 {
		fmt.Fprintln(os.Stderr, "validate: no objects on stdin")
		os.Exit(1)
	}

	problems := 0
	report := func(o object, msgs []string) {
		for _, m := range msgs {
			problems++
			fmt.Fprintf(os.Stderr, "%s: %s\n", o, m)
		}
	}
	for _, o := range objs {
		gv, kind := o.apiVersion(), o.kind()
		switch {
		case gv == "" || kind == "":
			report(o, []string{"apiVersion and kind are required"})
		case crds.has(gv, kind):
			report(o, crds.validate(o))
		case builtinTypes[gv+"/"+kind] != nil:
			report(o, validateBuiltin(o))
		case monitoringTypes[gv+"/"+kind] != nil:
			report(o, validateMonitoring(o))
		default:
			// Nothing is skipped silently: an unknown kind is a failure.
			report(o, []string{"no schema known for this apiVersion/kind"})
		}
	}
	for _, m := range crossCheck(objs) {
		problems++
		fmt.Fprintf(os.Stderr, "cross-object: %s\n", m)
	}

	list := make([]json.RawMessage, 0, len(objs))
	for _, o := range objs {
		list = append(list, o.raw)
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(list); err != nil {
		fmt.Fprintln(os.Stderr, "validate:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "validate: %d objects, %d problems\n", len(objs), problems)
	if problems > 0 {
		os.Exit(1)
	}
}
