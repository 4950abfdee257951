package deploy

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/common/util"
	"helm.sh/helm/v4/pkg/chart/v2/lint"
	"helm.sh/helm/v4/pkg/chart/v2/lint/support"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	"helm.sh/helm/v4/pkg/engine"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"sigs.k8s.io/yaml"
)

const chartDir = "helm/enclave"

// TestHelmLint is `helm lint --strict`: a warning fails too.
func TestHelmLint(t *testing.T) {
	t.Parallel()
	for _, m := range lint.RunAll(chartDir, nil, "research").Messages {
		if m.Severity >= support.WarningSev {
			t.Error(m)
		} else {
			t.Log(m)
		}
	}
}

// chart is what `helm template` rendered, parsed.
type chart struct {
	server       appsv1.Deployment
	migrate      batchv1.Job
	service      corev1.Service
	policies     map[string]networkingv1.NetworkPolicy // by name
	kinds        []string
	serverSource string // the Deployment's manifest as rendered
}

// render renders the chart with overrides on its values, as
// `helm template enclave deploy/helm/enclave -n research` does.
func render(t *testing.T, overrides map[string]any) (chart, error) {
	t.Helper()
	ch, err := loader.Load(chartDir)
	if err != nil {
		t.Fatal(err)
	}
	opts := common.ReleaseOptions{Name: "enclave", Namespace: "research", Revision: 1, IsInstall: true}
	vals, err := util.ToRenderValues(ch, overrides, opts, nil)
	if err != nil {
		return chart{}, err
	}
	files, err := engine.Render(ch, vals)
	if err != nil {
		return chart{}, err
	}
	c := chart{policies: map[string]networkingv1.NetworkPolicy{}}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if strings.HasSuffix(name, "NOTES.txt") {
			continue
		}
		for doc := range strings.SplitSeq(files[name], "\n---") {
			if strings.TrimSpace(doc) != "" {
				c.add(t, name, []byte(doc))
			}
		}
	}
	return c, nil
}

func (c *chart) add(t *testing.T, name string, doc []byte) {
	t.Helper()
	var head struct{ Kind string }
	// Strict below: a misspelt field in a template fails the test.
	must(t, name, yaml.Unmarshal(doc, &head))
	c.kinds = append(c.kinds, head.Kind)
	switch head.Kind {
	case "Deployment":
		must(t, name, yaml.UnmarshalStrict(doc, &c.server))
		c.serverSource = string(doc)
	case "Job":
		must(t, name, yaml.UnmarshalStrict(doc, &c.migrate))
	case "Service":
		must(t, name, yaml.UnmarshalStrict(doc, &c.service))
	case "NetworkPolicy":
		var p networkingv1.NetworkPolicy
		must(t, name, yaml.UnmarshalStrict(doc, &p))
		c.policies[p.Name] = p
	default:
		t.Errorf("%s: unexpected kind %q", name, head.Kind)
	}
}

func must(t *testing.T, name string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}
