// Command yusuan compiles, reads, checks and publishes department budget
// disclosures (部门预算公开). See README.md.
package main

import "github.com/yusuan/yusuan/internal/cli"

func main() { cli.Run() }
