from fastapi import FastAPI

app = FastAPI(title="Items API")
ITEMS = {1: "apple", 2: "pear"}


@app.get("/")
def root():
    return {"items": len(ITEMS)}


@app.get("/items/{item_id}")
def read_item(item_id: int):
    return {"id": item_id, "name": ITEMS.get(item_id)}
