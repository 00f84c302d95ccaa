"""Pure legal rules of the penalty procedure (行政处罚法 2021 and the SAMR 程序规定), each citing its
article. No database access here: callers pass the figures they looked up in the configuration
tables (`zhifa.cases.models.config`), so every rule is testable with plain values."""
