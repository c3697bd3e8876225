; `require "json"` / `require_relative "../lib/x"`: best effort, string literals only.
(call
  !receiver
  method: (identifier) @_require
  arguments: (argument_list . (string (string_content) @module))
  (#any-of? @_require "require" "require_relative" "load")) @import.require
