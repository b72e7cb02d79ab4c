package ui

import (
	"github.com/trail-dev/trail/ui/common"
	"github.com/trail-dev/trail/ui/detail"
	"github.com/trail-dev/trail/ui/filter"
	"github.com/trail-dev/trail/ui/help"
	"github.com/trail-dev/trail/ui/insights"
	"github.com/trail-dev/trail/ui/list"
	"github.com/trail-dev/trail/ui/msglog"
)

// Every pane keeps the contract (see doc.go); the prompts (search, export)
// are one line the root places, and are not sized.
var (
	_ common.Pane = (*list.Model)(nil)
	_ common.Pane = (*detail.Model)(nil)
	_ common.Pane = (*filter.Model)(nil)
	_ common.Pane = (*insights.Model)(nil)
	_ common.Pane = (*help.Model)(nil)
	_ common.Pane = (*msglog.Model)(nil)
)
