package deploy

import (
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

// valueCases are the values the chart's assertions hold for.
var valueCases = map[string]map[string]any{
	"defaults": nil,
	"digest, bootstrap token, no mappings": {
		"image":    map[string]any{"digest": "sha256:" + strings.Repeat("ab", 32)},
		"secrets":  map[string]any{"bootstrapToken": map[string]any{"existingSecret": "enclave-bootstrap"}},
		"mappings": map[string]any{"existingConfigMap": ""},
	},
}

func eachRendering(t *testing.T, check func(t *testing.T, c chart)) {
	t.Helper()
	for name, values := range valueCases {
		t.Run(name, func(t *testing.T) {
			c, err := render(t, values)
			if err != nil {
				t.Fatal(err)
			}
			check(t, c)
		})
	}
}

func TestChartRendersWhatItShould(t *testing.T) {
	t.Parallel()
	eachRendering(t, func(t *testing.T, c chart) {
		slices.Sort(c.kinds)
		want := []string{"Deployment", "Job", "NetworkPolicy", "NetworkPolicy", "Service"}
		if !slices.Equal(c.kinds, want) {
			t.Errorf("kinds %v, want %v (no Secret: secrets are referenced, never rendered)", c.kinds, want)
		}
		hooks := c.migrate.Annotations["helm.sh/hook"]
		if hooks != "pre-install,pre-upgrade" {
			t.Errorf("migration Job's helm.sh/hook %q, want pre-install,pre-upgrade", hooks)
		}
	})
}

// TestChartPodsAreRestricted: the restricted Pod Security Standard, for the
// server and the migration Job.
func TestChartPodsAreRestricted(t *testing.T) {
	t.Parallel()
	eachRendering(t, func(t *testing.T, c chart) {
		for name, pod := range map[string]corev1.PodSpec{"server": c.server.Spec.Template.Spec, "migrate": c.migrate.Spec.Template.Spec} {
			psc := pod.SecurityContext
			if psc == nil || !isTrue(psc.RunAsNonRoot) || psc.RunAsUser == nil || *psc.RunAsUser == 0 ||
				psc.SeccompProfile == nil || psc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
				t.Errorf("%s: pod security context %+v: want non-root, a non-zero UID and seccomp RuntimeDefault", name, psc)
			}
			if pod.AutomountServiceAccountToken == nil || *pod.AutomountServiceAccountToken {
				t.Errorf("%s: mounts a service account token; it talks to no Kubernetes API", name)
			}
			for _, ctr := range slices.Concat(pod.InitContainers, pod.Containers) {
				sc := ctr.SecurityContext
				if sc == nil || !isTrue(sc.RunAsNonRoot) || !isTrue(sc.ReadOnlyRootFilesystem) ||
					sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
					sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) || len(sc.Capabilities.Add) > 0 {
					t.Errorf("%s/%s: security context %+v: want non-root, read-only root, no escalation, all capabilities dropped", name, ctr.Name, sc)
				}
				if ctr.Resources.Requests.Memory().IsZero() || ctr.Resources.Limits.Memory().IsZero() || ctr.Resources.Requests.Cpu().IsZero() {
					t.Errorf("%s/%s: resources %+v: want CPU and memory requests and a memory limit", name, ctr.Name, ctr.Resources)
				}
			}
		}
	})
}

// TestChartServerNeverGetsTheOwnerURL: the owner may change audit records,
// so its URL reaches the migration Job alone.
func TestChartServerNeverGetsTheOwnerURL(t *testing.T) {
	t.Parallel()
	eachRendering(t, func(t *testing.T, c chart) {
		for _, bad := range []string{"ENCLAVE_MIGRATE_DATABASE_URL", "enclave-migrate-database", "migrate-database-url"} {
			if strings.Contains(c.serverSource, bad) {
				t.Errorf("the server's Deployment mentions %q", bad)
			}
		}
		job := c.migrate.Spec.Template.Spec
		if !hasEnv(job.Containers[0].Env, "ENCLAVE_MIGRATE_DATABASE_URL_FILE") || !mountsSecret(job, "enclave-migrate-database") {
			t.Error("the migration Job is not given the owner's URL as a file")
		}
		if hasEnv(job.Containers[0].Env, "ENCLAVE_DATABASE_URL_FILE") || mountsSecret(job, "enclave-database") {
			t.Error("the migration Job is given the service role's URL, which it does not need")
		}
	})
}

// TestChartSecretsAreFiles: every secret setting is a *_FILE naming a file
// mounted from a Secret the operator made; no value is a secret.
func TestChartSecretsAreFiles(t *testing.T) {
	t.Parallel()
	vars := configVars(t)
	eachRendering(t, func(t *testing.T, c chart) {
		for name, pod := range map[string]corev1.PodSpec{"server": c.server.Spec.Template.Spec, "migrate": c.migrate.Spec.Template.Spec} {
			for _, e := range pod.Containers[0].Env {
				secret, known := vars[e.Name]
				switch {
				case !known:
					t.Errorf("%s: %s is not a configuration variable", name, e.Name)
				case secret:
					t.Errorf("%s: %s is given as a value; give %s_FILE", name, e.Name, e.Name)
				case strings.HasSuffix(e.Name, "_FILE") && !strings.HasPrefix(e.Value, "/run/secrets/enclave/"):
					t.Errorf("%s: %s=%s is not a mounted secret", name, e.Name, e.Value)
				}
			}
		}
	})
}

func TestChartProbes(t *testing.T) {
	t.Parallel()
	eachRendering(t, func(t *testing.T, c chart) {
		ctr := c.server.Spec.Template.Spec.Containers[0]
		for _, p := range []struct {
			name, path string
			probe      *corev1.Probe
		}{{"liveness", "/livez", ctr.LivenessProbe}, {"readiness", "/readyz", ctr.ReadinessProbe}} {
			if p.probe == nil || p.probe.HTTPGet == nil || p.probe.HTTPGet.Path != p.path || p.probe.HTTPGet.Port.String() != "http" {
				t.Errorf("%s probe %+v: want GET %s on the http port", p.name, p.probe, p.path)
			}
		}
		if len(ctr.Ports) != 1 || ctr.Ports[0].Name != "http" || ctr.Ports[0].ContainerPort != 8080 || !hasEnvValue(ctr.Env, "ENCLAVE_ADDR", "0.0.0.0:8080") {
			t.Errorf("ports %+v: want http on 8080, where ENCLAVE_ADDR listens", ctr.Ports)
		}
	})
}

// TestChartNetworkPolicies: the server is reached on its HTTP port only and
// reaches PostgreSQL, Vault and DNS only; the Job, PostgreSQL and DNS.
func TestChartNetworkPolicies(t *testing.T) {
	t.Parallel()
	eachRendering(t, func(t *testing.T, c chart) {
		for _, w := range []struct {
			name, component string
			ingress, egress []int32
		}{
			{"enclave", "server", []int32{8080}, []int32{5432, 8200, 53, 53}},
			{"enclave-migrate", "migrate", nil, []int32{5432, 53, 53}},
		} {
			p, ok := c.policies[w.name]
			if !ok {
				t.Errorf("no NetworkPolicy %s", w.name)
				continue
			}
			if p.Spec.PodSelector.MatchLabels["app.kubernetes.io/component"] != w.component {
				t.Errorf("%s selects %v, want the %s pods", w.name, p.Spec.PodSelector.MatchLabels, w.component)
			}
			if !slices.Equal(p.Spec.PolicyTypes, []networkingv1.PolicyType{"Ingress", "Egress"}) {
				t.Errorf("%s policy types %v, want both", w.name, p.Spec.PolicyTypes)
			}
			var in, out []int32
			for _, r := range p.Spec.Ingress {
				in = append(in, ports(r.Ports)...)
			}
			for _, r := range p.Spec.Egress {
				if len(r.To) == 0 {
					t.Errorf("%s: an egress rule to anywhere", w.name)
				}
				out = append(out, ports(r.Ports)...)
			}
			if !slices.Equal(in, w.ingress) || !slices.Equal(out, w.egress) {
				t.Errorf("%s: ingress ports %v, egress ports %v; want %v and %v", w.name, in, out, w.ingress, w.egress)
			}
		}
	})
}

// TestChartRequiresItsSecrets: a missing Secret name fails the render
// rather than starting a server without it.
func TestChartRequiresItsSecrets(t *testing.T) {
	t.Parallel()
	_, err := render(t, map[string]any{"secrets": map[string]any{"database": map[string]any{"existingSecret": ""}}})
	if err == nil || !strings.Contains(err.Error(), "secrets.database.existingSecret is required") {
		t.Errorf("render without the database Secret: %v, want it required", err)
	}
}

func ports(ps []networkingv1.NetworkPolicyPort) []int32 {
	var out []int32
	for _, p := range ps {
		out = append(out, p.Port.IntVal)
	}
	return out
}

func isTrue(b *bool) bool { return b != nil && *b }

func hasEnv(env []corev1.EnvVar, name string) bool {
	return slices.ContainsFunc(env, func(e corev1.EnvVar) bool { return e.Name == name })
}

func hasEnvValue(env []corev1.EnvVar, name, value string) bool {
	return slices.Contains(env, corev1.EnvVar{Name: name, Value: value})
}

func mountsSecret(pod corev1.PodSpec, secret string) bool {
	for _, v := range pod.Volumes {
		if v.Projected == nil {
			continue
		}
		for _, s := range v.Projected.Sources {
			if s.Secret != nil && s.Secret.Name == secret {
				return true
			}
		}
	}
	return false
}
