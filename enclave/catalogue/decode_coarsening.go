package catalogue

import "github.com/research-enclave/enclave/internal/yamlfile"

// coarsening reads a column's bins and granularity: how an integer, number
// or date column is grouped and how far its ranges are widened.
func (r *reader) coarsening(c *Column, f yamlfile.Fields, field string, typeOK, roleOK bool) {
	if n := f.Vals["bins"]; n != nil {
		bf := yamlfile.Join(field, "bins")
		switch {
		case typeOK && !c.Type.numeric():
			r.Addf(n, bf, "only integer and number columns have bins")
		case roleOK && !c.Outputtable():
			r.Addf(n, bf, "%s columns are never grouped or filtered on, so they have no bins", c.Role)
		case typeOK:
			c.Bins = r.bins(n, bf, c.Type == TypeInteger)
		}
	}
	if n := f.Vals["granularity"]; n != nil {
		gf := yamlfile.Join(field, "granularity")
		s, ok := r.Text(n, gf)
		switch {
		case !ok:
		case typeOK && c.Type != TypeDate:
			r.Addf(n, gf, "only date columns have a granularity")
		case roleOK && !c.Outputtable():
			r.Addf(n, gf, "%s columns are never grouped or filtered on, so they have no granularity", c.Role)
		case !Granularity(s).valid():
			r.Addf(n, gf, "%s is not one of %s", yamlfile.Quote(s), granularityNames)
		default:
			c.Granularity = Granularity(s)
		}
	}
}
