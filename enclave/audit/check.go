package audit

import "fmt"

// Check compares the whole recomputed log with a signed checkpoint (opened
// with OpenCheckpoint first): the sizes must be equal and so must the roots.
// A log longer than the checkpoint fails here; use CheckPrefix for an older
// checkpoint.
func (v *Verifier) Check(cp Checkpoint) error {
	if v.err != nil {
		return v.err
	}
	if v.Size() > cp.Size {
		return &VerifyError{Index: -1, Reason: fmt.Sprintf(
			"the log has %d events but checkpoint %s covers %d: check an older checkpoint with CheckPrefix",
			v.Size(), describe(cp), cp.Size)}
	}
	return v.CheckPrefix(cp)
}

// CheckPrefix checks a checkpoint of size up to the log's size: a log that
// has grown since the checkpoint was signed must still contain, unchanged,
// the log it signed. Sizes other than 0 and the current size must have been
// registered with Want.
func (v *Verifier) CheckPrefix(cp Checkpoint) error {
	if v.err != nil {
		return v.err
	}
	if n := v.Size(); n < cp.Size {
		return &VerifyError{Index: -1, Reason: fmt.Sprintf(
			"the log is truncated: checkpoint %s covers %d events but the log has %d (%d missing at the end)",
			describe(cp), cp.Size, n, cp.Size-n)}
	}
	root, err := v.rootAt(cp.Size)
	if err != nil {
		return &VerifyError{Index: -1, Reason: err.Error()}
	}
	if root != cp.Root {
		return &VerifyError{Index: -1, Reason: fmt.Sprintf(
			"the root over the first %d events is %x but checkpoint %s signed %x: events were changed and "+
				"the later prev_roots recomputed, or the last event was changed",
			cp.Size, root, describe(cp), cp.Root)}
	}
	return nil
}

func describe(cp Checkpoint) string {
	return fmt.Sprintf("%q signed %s", cp.Origin, cp.Time.UTC().Format(checkpointTimeLayout))
}
