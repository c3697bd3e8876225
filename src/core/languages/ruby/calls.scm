; `recv.m(args)`: the grammar has no node for `recv.m`, so receiver and method are captured apart and joined.
(call
  receiver: (_) @receiver
  method: [(identifier) (constant)] @callee
  arguments: (argument_list)? @arguments
  (#not-eq? @callee "new")) @call
; `m(args)` / `m arg` / `m { block }`. A bare `m` is indistinguishable from a local variable and is not a call.
(call
  !receiver
  method: [(identifier) (constant)] @callee
  arguments: (argument_list)? @arguments) @call
; `Order.new(…)` constructs an Order.
(call
  receiver: [(constant) (scope_resolution)] @callee
  method: (identifier) @_new
  arguments: (argument_list)? @arguments
  (#eq? @_new "new")) @call.new
