package ui

import (
	"context"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// cpuNow is the process's CPU time, user and system.
func cpuNow(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkHeldKeyProgram measures a held `j` in the whole Bubble Tea
// program, renderer included, as the real process runs it: the model with
// 1,000 events loaded at 120x40 in a tea.Program writing to a discarded
// terminal, sent `j` at 30 a second, with the collector set for the window
// as Run sets it (memoryLimiter). It reports the process's CPU per key
// (issue 21: trail's own Update and View are a fraction of it).
func BenchmarkHeldKeyProgram(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	for _, detail := range []bool{true, false} {
		b.Run("detail="+strconv.FormatBool(detail), func(b *testing.B) {
			m := loadedModel(b, 1_000, 120, 40)
			lim := newMemoryLimiter()
			var loaded int64
			for i := range m.feed.events.Pages() {
				loaded += pageBytes(m.feed.events.Page(i))
			}
			lim.follow(loaded)
			if !detail {
				next, _ := m.Update(keyMsg("p"))
				m = next.(Model)
			}
			m.list.Move(m.feed.window(), 0)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			in, inw := io.Pipe()
			defer inw.Close()
			devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
			if err != nil {
				b.Fatal(err)
			}
			defer devnull.Close()
			p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(devnull),
				tea.WithWindowSize(120, 40), tea.WithoutSignals(), tea.WithColorProfile(colorprofile.ANSI256),
				tea.WithEnvironment([]string{"TERM=xterm-256color"}))
			done := make(chan struct{})
			go func() { defer close(done); _, _ = p.Run() }()
			time.Sleep(300 * time.Millisecond) // the first frame
			n := max(b.N, 60)
			b.ResetTimer()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			gcs := ms.NumGC
			start := cpuNow(b)
			tick := time.NewTicker(time.Second / 30)
			for i := 0; i < n; i++ {
				<-tick.C
				p.Send(keyMsg("j"))
			}
			tick.Stop()
			time.Sleep(100 * time.Millisecond) // the last frame
			used := cpuNow(b) - start
			b.StopTimer()
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(used.Microseconds())/float64(n), "cpu-µs/key")
			b.ReportMetric(float64(ms.NumGC-gcs)*100/float64(n), "GCs/100keys")
			p.Quit()
			<-done
		})
	}
}
