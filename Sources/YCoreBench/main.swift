print("ycore-bench")
